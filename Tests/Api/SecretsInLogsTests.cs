using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Api;

/// <summary>What the Api and silo processes write to their logs, at their most talkative, while players sign in, refresh
/// and sign out, an operator calls the admin API and a settlement round pays through the node.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class SecretsInLogsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string CardNumber = "4000 0566 5566 5556";

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task The_logs_are_json_lines_with_no_password_token_or_key_and_a_request_s_trace_id_reaches_the_silo()
    {
        const string password = "correct horse battery staple 42";
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        // Traces are made only for a collector: with one, a request's trace id follows it into the silo's log lines.
        await using var collector = await FakeOtlpCollector.StartAsync();
        string[] talkative =
        [
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:Faucet=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:System.Net.Http=Debug", "--OTEL_EXPORTER_OTLP_ENDPOINT=" + collector.Url.ToString().TrimEnd('/'), "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
        ];
        using var silo = cluster.StartSiloProgram(talkative);
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port, talkative);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ApiCalls.ReadyAsync(http, TimeSpan.FromSeconds(90));

        using var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { email = "logs@example.org", password, proof = await ProofOfWork.SolveAsync(http) });
        var signedIn = await registered.Content.ReadFromJsonAsync<JsonElement>();
        using var wrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "logs@example.org", password = password + "!" });
        // A card number sent where a provider's token belongs is refused before it goes anywhere.
        using var cardNumber = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payment-methods")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", signedIn.GetProperty("accessToken").GetString()) },
            Content = JsonContent.Create(new { type = "card", token = CardNumber }),
        };
        using var cardNumberRefused = await http.SendAsync(cardNumber);
        using var refreshed = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = signedIn.GetProperty("refreshToken").GetString() });
        var next = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var reused = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = signedIn.GetProperty("refreshToken").GetString() });
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/settlement") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) } };
        using var adminResponse = await http.SendAsync(admin);
        using var wrongOperator = new HttpRequestMessage(HttpMethod.Get, "/dashboard/") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken + "x") } };
        using var wrongResponse = await http.SendAsync(wrongOperator);

        // A round that pays a player through the node, started by a request that carries a W3C trace context.
        await using (var client = await cluster.StartClientAsync())
        {
            await Rounds.PlayerAsync(client.Client, 2);
        }
        using var run = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/settlement/run")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
        };
        run.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var runResponse = await http.SendAsync(run);
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 1), TimeSpan.FromSeconds(60), "the round pays through the node");
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output.Contains("/api/v1/auth/refresh", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the requests are logged");
        await Eventually.HoldsAsync(() => Task.FromResult(silo.Output.Contains("Settlement round 1 done", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the round is logged");
        // Console loggers write from a queue of their own: the request's lines may come a moment after its answer.
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output.Contains(traceId, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the Api logs the traced request");
        var logs = api.Output + silo.Output;

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.BadRequest),
            (registered.StatusCode, wrong.StatusCode, refreshed.StatusCode, reused.StatusCode, adminResponse.StatusCode, runResponse.StatusCode, cardNumberRefused.StatusCode));
        Assert.DoesNotContain(CardNumber, await cardNumberRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // One JSON object per line, from both programs.
        foreach (var line in logs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var parsed = JsonDocument.Parse(line);
            Assert.True(parsed.RootElement.TryGetProperty("message", out _) || parsed.RootElement.TryGetProperty("exception", out _), line);
        }
        // The request's trace continues in the Api's lines and, through the grain calls, in the silo's.
        Assert.Contains(JsonLines(api.Output), line => line.TryGetProperty("trace_id", out var id) && id.GetString() == traceId);
        Assert.Contains(JsonLines(silo.Output), line => line.TryGetProperty("trace_id", out var id) && id.GetString() == traceId
            && line.GetProperty("message").GetString()!.StartsWith("Settlement round 1 pays", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"\bBearer\s+(?!\*\*\*)[A-Za-z0-9]", logs);
        foreach (var secret in new[]
                 {
                     password,
                     signedIn.GetProperty("accessToken").GetString()!,
                     signedIn.GetProperty("refreshToken").GetString()!,
                     next.GetProperty("accessToken").GetString()!,
                     next.GetProperty("refreshToken").GetString()!,
                     FaucetProcessArgs.OperatorToken,
                     FaucetProcessArgs.SessionKey,
                     FaucetProcessArgs.VanityMasterKey,
                     "test-wallet-0123456789",
                     CardNumber,
                     CardNumber.Replace(" ", "", StringComparison.Ordinal),
                 })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Saving_a_card_with_Stripe_and_paying_with_it_writes_nothing_about_the_card_to_the_logs()
    {
        await using var stripe = await FakeStripe.StartAsync();
        cluster.Config.Replace("integrations.yaml", "  mode: ${FAUCET_STRIPE_MODE:-simulated} ", "  mode: live ");
        cluster.Config.SetLine("integrations.yaml", "secret_key", "secret_key: " + FakeStripe.SecretKey);
        cluster.Config.SetLine("integrations.yaml", "webhook_secret", "webhook_secret: " + FakeStripe.WebhookSecret);
        cluster.Config.Replace("integrations.yaml", "  api_base: \"\"                    # empty: Stripe itself", "  api_base: " + stripe.Url);
        string[] talkative =
        [
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:Faucet=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:System.Net.Http=Debug",
        ];
        using var silo = cluster.StartSiloProgram(talkative);
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port, talkative);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ApiCalls.ReadyAsync(http, TimeSpan.FromSeconds(90));
        string user;
        await using (var client = await cluster.StartClientAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, 0);
        }
        var token = PlayerTokens.For(user);

        var (refused, _) = await ApiCalls.CallAsync(http, HttpMethod.Post, "/api/v1/payment-methods", token, new { type = "card", token = CardNumber });
        var (saved, method) = await ApiCalls.CallAsync(http, HttpMethod.Post, "/api/v1/payment-methods", token, new { type = "card", token = "pm_card_visa" });
        var (bought, purchase) = await ApiCalls.CallAsync(http, HttpMethod.Post, "/api/v1/purchases", token,
            new { packageId = "starter", paymentMethodId = method.GetProperty("id").GetString() }, "logs-saved-card");
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output.Contains("/api/v1/purchases", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the purchase is logged");
        var logs = api.Output + silo.Output;

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Created, HttpStatusCode.Created, "completed"), (refused, saved, bought, purchase.GetProperty("status").GetString()));
        // The card as Stripe describes it (its fingerprint, expiry) stays with the purchase's records; the number never came.
        foreach (var aboutTheCard in new[] { CardNumber, CardNumber.Replace(" ", "", StringComparison.Ordinal), "fp_4242", "exp_month", "\"funding\"" })
        {
            Assert.DoesNotContain(aboutTheCard, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_players_requests_write_no_log_line_at_the_levels_the_api_ships_with()
    {
        await using var silo = await cluster.StartSiloAsync();
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port,
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ApiCalls.ReadyAsync(http, TimeSpan.FromSeconds(90));
        string user;
        await using (var client = await cluster.StartClientAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, kills: 3);
        }
        var token = PlayerTokens.For(user);
        var before = api.Output.Length;

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ApiCalls.CallAsync(http, HttpMethod.Get, "/api/v1/me/status", token)).Status);
        }
        // A wrong operator password on the dashboard is a failed sign-in, logged: once its line is written, so would the
        // lines of the requests before it be.
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("operator:wrong"u8.ToArray()));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output[before..].Contains("\"RequestPath\":\"/dashboard/\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the failed operator sign-in is logged");

        Assert.DoesNotContain(JsonLines(api.Output[before..]), line => line.TryGetProperty("scope", out var scope)
            && scope.TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/v1/me/status");
    }

    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
}
