using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;

namespace Faucet.Cli;

/// <summary>
/// The operator's console over the Api's admin API: <c>status</c> and <c>rounds</c>. The Api is <c>--url</c> or
/// <c>FAUCET_URL</c> (http://localhost:8080, where <c>./faucet up</c> serves); the operator token comes from
/// <c>FAUCET_OPERATOR_TOKEN</c> only, never the command line, where other users of the machine could read it. A problem
/// the Api answers is one line with its status and its words.
/// </summary>
public static class OperatorCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Build(IAnsiConsole console, Func<string, string?> environment)
    {
        var url = new Option<Uri?>("--url") { Description = "The Api (default: FAUCET_URL, else http://localhost:8080).", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print the Api's JSON instead of tables.", Recursive = true };
        Api Connect(ParseResult result) => new(result.GetValue(url), environment);

        var status = new Command("status", "The faucet at a glance: readiness, the schedule, the last round, pending BAN and the source accounts.") { url, json };
        status.SetAction(async (result, cancellationToken) =>
        {
            using var api = Connect(result);
            var ready = await api.ReadyAsync(cancellationToken);
            var settlement = await api.GetAsync("/api/v1/admin/settlement", cancellationToken);
            var stats = await api.GetAsync("/api/v1/admin/stats", cancellationToken);
            if (result.GetValue(json))
            {
                Print(console, new { ready, settlement, stats });
                return FaucetCommandLine.Done;
            }
            var scheduler = settlement.GetProperty("scheduler");
            var facts = new Table().HideHeaders().AddColumn("").AddColumn("");
            facts.AddRow("Ready", ready ? "yes" : "no");
            facts.AddRow("Rounds", $"every {scheduler.GetProperty("intervalMinutes").GetInt32()} min, next {Text(scheduler.GetProperty("nextRunAt"))}");
            facts.AddRow("Last round", settlement.GetProperty("lastRound") is { ValueKind: JsonValueKind.Object } last
                ? $"{last.GetProperty("number").GetInt64()}: {last.GetProperty("status").GetString()}, {last.GetProperty("payoutsStarted").GetInt32()} payouts, {last.GetProperty("total").GetString()} BAN"
                : "none yet");
            facts.AddRow("Players", stats.GetProperty("players").GetProperty("total").ToString());
            facts.AddRow("Pending", stats.GetProperty("pending").GetString() + " BAN");
            facts.AddRow("Paid in all", stats.GetProperty("paidTotal").GetString() + " BAN");
            facts.AddRow("Manual payouts awaiting approval", stats.GetProperty("manualPayoutsAwaitingApproval").ToString());
            console.Write(facts);
            var accounts = new Table().Title(new TableTitle("Source accounts", Style.Plain)).AddColumns("Account", "Balance", "Receivable", "Sending", "Sent");
            foreach (var account in settlement.GetProperty("accounts").EnumerateArray())
            {
                accounts.AddRow(Cell(account.GetProperty("address")), Cell(account.GetProperty("balance")), Cell(account.GetProperty("receivable")),
                    Cell(account.GetProperty("sendsInFlight")), Cell(account.GetProperty("sent")));
            }
            console.Write(accounts);
            return ready ? FaucetCommandLine.Done : FaucetCommandLine.Failed;
        });

        var rounds = new Command("rounds", "Settlement rounds: run one now, or show one.") { url, json };
        var run = new Command("run", "Opens the next round now (or nudges the last one on while it is still paying).");
        run.SetAction(async (result, cancellationToken) =>
        {
            using var api = Connect(result);
            var round = await api.PostAsync("/api/v1/admin/settlement/run", cancellationToken);
            ShowRound(console, round, result.GetValue(json));
            return FaucetCommandLine.Done;
        });
        var number = new Argument<long>("number") { Description = "The round's number." };
        var show = new Command("show", "One round: status, players planned and skipped, payouts and total.") { number };
        show.SetAction(async (result, cancellationToken) =>
        {
            using var api = Connect(result);
            ShowRound(console, await api.GetAsync($"/api/v1/admin/rounds/{result.GetValue(number)}", cancellationToken), result.GetValue(json));
            return FaucetCommandLine.Done;
        });
        rounds.Subcommands.Add(run);
        rounds.Subcommands.Add(show);
        return [status, rounds];
    }

    private static void ShowRound(IAnsiConsole console, JsonElement round, bool json)
    {
        if (json)
        {
            Print(console, round);
            return;
        }
        var table = new Table().HideHeaders().AddColumn("").AddColumn("");
        table.Title(new TableTitle($"Round {round.GetProperty("number").GetInt64()}", Style.Plain));
        foreach (var (name, key) in new[]
        {
            ("Status", "status"), ("Planned", "planned"), ("Payouts started", "payoutsStarted"), ("Total", "total"),
            ("Skipped, no wallet", "skippedNoWallet"), ("Skipped, caps", "skippedByCaps"), ("Skipped, balance", "skippedByBalance"),
            ("Why skipped", "skipReason"), ("Started", "startedAt"), ("Finished", "finishedAt"),
        })
        {
            if (round.TryGetProperty(key, out var value))
            {
                table.AddRow(new Text(name), Cell(value));
            }
        }
        console.Write(table);
    }

    private static void Print(IAnsiConsole console, object value) => console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A JSON value as plain table text (never markup: a did's ":key:" would read as an emoji).</summary>
    private static Text Cell(JsonElement value) => new(Text(value));

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "—",
        JsonValueKind.String => value.GetString()!,
        _ => value.ToString(),
    };

    /// <summary>The admin API with the operator token, answering JSON or a problem that becomes one line.</summary>
    private sealed class Api : IDisposable
    {
        private readonly HttpClient http;

        public Api(Uri? url, Func<string, string?> environment)
        {
            var token = environment("FAUCET_OPERATOR_TOKEN");
            if (string.IsNullOrEmpty(token))
            {
                throw new UsageException("set FAUCET_OPERATOR_TOKEN to the operator token (it is never taken from the command line).");
            }
            var address = url ?? (environment("FAUCET_URL") is { Length: > 0 } configured
                ? Uri.TryCreate(configured, UriKind.Absolute, out var parsed) ? parsed : throw new UsageException($"FAUCET_URL: '{configured}' is not an address such as http://localhost:8080.")
                : new Uri("http://localhost:8080"));
            http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        public async Task<bool> ReadyAsync(CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, "/health/ready", cancellationToken);
            return response.IsSuccessStatusCode;
        }

        public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => ReadAsync(HttpMethod.Get, path, cancellationToken);

        public Task<JsonElement> PostAsync(string path, CancellationToken cancellationToken) => ReadAsync(HttpMethod.Post, path, cancellationToken);

        private async Task<JsonElement> ReadAsync(HttpMethod method, string path, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(method, path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement json;
            try
            {
                json = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new FailedException($"{(int)response.StatusCode} from {http.BaseAddress}{path.TrimStart('/')}, not JSON: is this a faucet's Api?");
            }
            if (!response.IsSuccessStatusCode)
            {
                var title = json.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
                var detail = json.TryGetProperty("detail", out var d) ? ": " + d.GetString() : "";
                throw new FailedException($"{(int)response.StatusCode} {title}{detail}");
            }
            return json;
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
        {
            try
            {
                return await http.SendAsync(new HttpRequestMessage(method, path), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new FailedException($"the Api at {http.BaseAddress} did not answer: {e.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new FailedException($"the Api at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.");
            }
        }

        public void Dispose() => http.Dispose();
    }
}
