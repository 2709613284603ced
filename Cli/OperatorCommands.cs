using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;

namespace Faucet.Cli;

/// <summary>
/// The operator's console over the Api's admin API: status, rounds, payouts, users, the audit log, the configuration
/// and webhooks. The Api is <c>--url</c> or
/// <c>FAUCET_URL</c> (http://localhost:8080, where <c>./faucet up</c> serves); the operator token comes from
/// <c>FAUCET_OPERATOR_TOKEN</c> only, never the command line, where other users of the machine could read it. A problem
/// the Api answers is one line with its status and its words.
/// </summary>
public static class OperatorCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Build(IAnsiConsole console, Func<string, string?> environment)
    {
        var url = new Option<Uri?>("--url")
        {
            Description = "The Api (default: FAUCET_URL, else http://localhost:8080).",
            Recursive = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (HttpAddress(text) is { } address)
                {
                    return address;
                }
                result.AddError($"--url: '{text}' is not an http(s) address such as http://localhost:8080.");
                return null;
            },
        };
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
                return ready ? FaucetCommandLine.Done : FaucetCommandLine.Failed;
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

        var rounds = new Command("rounds", "Settlement rounds: list the latest, run one now, or show one.") { url, json };
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
        var limit = Limit();
        var list = new Command("list", "The latest rounds, newest first.") { limit };
        list.SetAction(async (result, cancellationToken) =>
        {
            using var api = Connect(result);
            var last = (await api.GetAsync("/api/v1/admin/settlement", cancellationToken)).GetProperty("scheduler").GetProperty("lastRound").GetInt64();
            var latest = new List<JsonElement>();
            for (var n = last; n >= 1 && latest.Count < Math.Clamp(result.GetValue(limit), 1, 200); n--)
            {
                latest.Add(await api.GetAsync($"/api/v1/admin/rounds/{n}", cancellationToken));
            }
            Items(console, JsonSerializer.SerializeToElement(latest), result.GetValue(json), "Rounds",
                ["number", "status", "planned", "payoutsStarted", "total", "skippedByCaps", "startedAt", "finishedAt"]);
            return FaucetCommandLine.Done;
        });
        rounds.Subcommands.Add(list);
        rounds.Subcommands.Add(run);
        rounds.Subcommands.Add(show);
        return [status, rounds, Payouts(console, url, json, Connect), Users(console, url, json, Connect), Audit(console, url, json, Connect),
            Config(console, url, Connect), Webhooks(console, url, json, Connect)];
    }

    /// <summary>An absolute http or https address, or null.</summary>
    private static Uri? HttpAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" ? address : null;

    private static Option<int> Limit() => new("--limit") { Description = "How many, newest first (1 to 100).", DefaultValueFactory = _ => 20 };

    private static string Query(params (string Name, string? Value)[] pairs) =>
        "?" + string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));

    private static Command Payouts(IAnsiConsole console, Option<Uri?> url, Option<bool> json, Func<ParseResult, Api> connect)
    {
        var payouts = new Command("payouts", "Payouts: list them, or try a pending one again now.") { url, json };
        var status = new Option<string?>("--status") { Description = "pending, sent, failed or dry_run." };
        var user = new Option<string?>("--user") { Description = "One player's user id." };
        var limit = Limit();
        var list = new Command("list", "Payouts newest first.") { status, user, limit };
        list.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            var page = await api.GetAsync("/api/v1/admin/payouts" + Query(("status", result.GetValue(status)), ("user", result.GetValue(user)),
                ("limit", result.GetValue(limit).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
            Items(console, page, result.GetValue(json), "Payouts", ["payoutId", "userId", "amount", "status", "attempts", "createdAt"]);
            return FaucetCommandLine.Done;
        });
        var id = new Argument<string>("id") { Description = "The payout's id." };
        var retry = new Command("retry", "Attempts a pending payout now; a sent one answers with its block and sends nothing.") { id };
        retry.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            Facts(console, await api.CallAsync(HttpMethod.Post, $"/api/v1/admin/payouts/{Uri.EscapeDataString(result.GetValue(id)!)}/retry", null, cancellationToken),
                result.GetValue(json), "Retry");
            return FaucetCommandLine.Done;
        });
        payouts.Subcommands.Add(list);
        payouts.Subcommands.Add(retry);
        return payouts;
    }

    private static Command Users(IAnsiConsole console, Option<Uri?> url, Option<bool> json, Func<ParseResult, Api> connect)
    {
        var users = new Command("users", "Players: find, show, ban and unban.") { url, json };
        var query = new Argument<string>("query") { Description = "A user id, an identity (discord id, e-mail, did:key), a wallet or the start of a display name." };
        var limit = Limit();
        var find = new Command("find", "Finds players, newest first.") { query, limit };
        find.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            var page = await api.GetAsync("/api/v1/admin/users" + Query(("q", result.GetValue(query)),
                ("limit", result.GetValue(limit).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
            Items(console, page, result.GetValue(json), "Players", ["userId", "displayName", "wallet", "epic", "ban", "flags"]);
            return FaucetCommandLine.Done;
        });
        var id = new Argument<string>("id") { Description = "The player's user id." };
        var show = new Command("show", "One player: identities, wallet, Epic link, ban, balance, clicker, payouts, flags.") { id };
        show.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            Facts(console, await api.GetAsync($"/api/v1/admin/users/{Uri.EscapeDataString(result.GetValue(id)!)}", cancellationToken), result.GetValue(json), "Player");
            return FaucetCommandLine.Done;
        });
        var reason = new Option<string>("--reason") { Description = "Why, in words the audit log keeps.", Required = true };
        var until = new Option<DateTimeOffset?>("--until") { Description = "When the ban ends (e.g. 2026-12-31T00:00:00Z); left out: until lifted." };
        var ban = new Command("ban", "Bans a player: while banned they earn nothing and are paid nothing.") { id, reason, until };
        ban.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            var body = new { reason = result.GetValue(reason), until = result.GetValue(until) };
            Facts(console, await api.CallAsync(HttpMethod.Post, $"/api/v1/admin/users/{Uri.EscapeDataString(result.GetValue(id)!)}/ban", body, cancellationToken),
                result.GetValue(json), "Banned");
            return FaucetCommandLine.Done;
        });
        var unban = new Command("unban", "Lifts a player's ban.") { id };
        unban.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            Facts(console, await api.CallAsync(HttpMethod.Delete, $"/api/v1/admin/users/{Uri.EscapeDataString(result.GetValue(id)!)}/ban", null, cancellationToken),
                result.GetValue(json), "Unbanned");
            return FaucetCommandLine.Done;
        });
        foreach (var command in new[] { find, show, ban, unban })
        {
            users.Subcommands.Add(command);
        }
        return users;
    }

    private static Command Audit(IAnsiConsole console, Option<Uri?> url, Option<bool> json, Func<ParseResult, Api> connect)
    {
        var audit = new Command("audit", "The audit log.") { url, json };
        var limit = Limit();
        var follow = new Option<bool>("--follow") { Description = "Keep printing new entries as they come (Ctrl-C ends)." };
        var tail = new Command("tail", "The newest entries, oldest of them first.") { limit, follow };
        tail.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            var page = await api.GetAsync("/api/v1/admin/audit" + Query(("limit", result.GetValue(limit).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
            var shown = page.GetProperty("items").EnumerateArray().Reverse().ToList();
            Entries(console, shown, result.GetValue(json));
            var follower = new AuditFollower(api.GetAsync);
            follower.Seen(shown);
            while (result.GetValue(follow) && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                    Entries(console, await follower.NextAsync(cancellationToken), result.GetValue(json));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
            return FaucetCommandLine.Done;
        });
        audit.Subcommands.Add(tail);
        return audit;
    }

    /// <summary>Prints the entries, one line each.</summary>
    private static void Entries(IAnsiConsole console, IEnumerable<JsonElement> entries, bool json)
    {
        foreach (var entry in entries)
        {
            console.Profile.Out.Writer.WriteLine(json
                ? entry.GetRawText()
                : $"{Text(entry.GetProperty("occurredAt"))}  {Text(entry.GetProperty("actor"))}  {Text(entry.GetProperty("action"))}  {Text(entry.GetProperty("subject"))}  {entry.GetProperty("detail").GetRawText()}");
        }
    }

    private static Command Config(IAnsiConsole console, Option<Uri?> url, Func<ParseResult, Api> connect)
    {
        var config = new Command("config", "The configuration.") { url };
        var show = new Command("show", "The three files as the faucet read them, every secret masked (admins only).");
        show.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            console.Profile.Out.Writer.Write(await api.GetTextAsync("/api/v1/admin/config", cancellationToken));
            return FaucetCommandLine.Done;
        });
        config.Subcommands.Add(show);
        return config;
    }

    private static Command Webhooks(IAnsiConsole console, Option<Uri?> url, Option<bool> json, Func<ParseResult, Api> connect)
    {
        var webhooks = new Command("webhooks", "Outbound webhook endpoints.") { url, json };
        var list = new Command("list", "The endpoints, with what is pending, delivered and failed.");
        list.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            var endpoints = await api.GetAsync("/api/v1/admin/webhooks", cancellationToken);
            Items(console, endpoints, result.GetValue(json), "Webhook endpoints", ["id", "url", "events", "enabled", "pending", "delivered", "failed"]);
            return FaucetCommandLine.Done;
        });
        var id = new Argument<string>("id") { Description = "The endpoint's id." };
        var test = new Command("test", "Sends a webhook.test event to the endpoint.") { id };
        test.SetAction(async (result, cancellationToken) =>
        {
            using var api = connect(result);
            Facts(console, await api.CallAsync(HttpMethod.Post, $"/api/v1/admin/webhooks/{Uri.EscapeDataString(result.GetValue(id)!)}/test", null, cancellationToken),
                result.GetValue(json), "Test sent");
            return FaucetCommandLine.Done;
        });
        webhooks.Subcommands.Add(list);
        webhooks.Subcommands.Add(test);
        return webhooks;
    }

    /// <summary>A page's items (or a list) as a table of the named fields, or the Api's JSON.</summary>
    private static void Items(IAnsiConsole console, JsonElement answer, bool json, string title, string[] fields)
    {
        if (json)
        {
            Print(console, answer);
            return;
        }
        var items = answer.ValueKind == JsonValueKind.Array ? answer : answer.GetProperty("items");
        var table = new Table().Title(new TableTitle(title, Style.Plain));
        foreach (var field in fields)
        {
            table.AddColumn(new TableColumn(new Text(field)));
        }
        foreach (var item in items.EnumerateArray())
        {
            table.AddRow(fields.Select(f => item.TryGetProperty(f, out var value) ? Cell(value) : new Text("—")).ToArray());
        }
        console.Write(items.GetArrayLength() == 0 ? new Text("Nothing.\n") : (Spectre.Console.Rendering.IRenderable)table);
    }

    /// <summary>One object's fields, one row each (nested ones as their JSON), or the Api's JSON.</summary>
    private static void Facts(IAnsiConsole console, JsonElement answer, bool json, string title)
    {
        if (json)
        {
            Print(console, answer);
            return;
        }
        var table = new Table().Title(new TableTitle(title, Style.Plain)).HideHeaders().AddColumn("").AddColumn("");
        foreach (var field in answer.EnumerateObject())
        {
            table.AddRow(new Text(field.Name), Cell(field.Value));
        }
        console.Write(table);
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
                ? HttpAddress(configured) ?? throw new UsageException($"FAUCET_URL: '{configured}' is not an http(s) address such as http://localhost:8080.")
                : new Uri("http://localhost:8080"));
            http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        public async Task<bool> ReadyAsync(CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, "/health/ready", null, cancellationToken);
            return response.IsSuccessStatusCode;
        }

        public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => ReadAsync(HttpMethod.Get, path, null, cancellationToken);

        public Task<JsonElement> PostAsync(string path, CancellationToken cancellationToken) => ReadAsync(HttpMethod.Post, path, null, cancellationToken);

        public Task<JsonElement> CallAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
            ReadAsync(method, path, body, cancellationToken);

        /// <summary>A text answer (the configuration is YAML); a problem is still one line.</summary>
        public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem(response, body);
            }
            return body;
        }

        private async Task<JsonElement> ReadAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(method, path, body, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem(response, text);
            }
            try
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new FailedException($"{(int)response.StatusCode} from {http.BaseAddress}{path.TrimStart('/')}, not JSON: is this a faucet's Api?");
            }
        }

        /// <summary>The Api's problem as one line: its status, title and detail.</summary>
        private static FailedException Problem(HttpResponseMessage response, string body)
        {
            string? title = response.ReasonPhrase, detail = null;
            try
            {
                using var problem = JsonDocument.Parse(body);
                title = problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : title;
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's page): the status says enough.
            }
            return new FailedException($"{(int)response.StatusCode} {title}{(detail is null ? "" : ": " + detail)}");
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        {
            try
            {
                using var request = new HttpRequestMessage(method, path)
                {
                    Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, options: JsonSerializerOptions.Web),
                };
                return await http.SendAsync(request, cancellationToken);
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
