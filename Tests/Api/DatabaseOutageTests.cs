using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Clicker;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Xunit.Abstractions;

namespace Faucet.Tests.Api;

/// <summary>
/// PostgreSQL stopped and started again while players click, with the silo and the Api as programs at their shipped
/// log levels (what they write is what an operator reads). A server of the test's own: it is stopped mid-test. Alone,
/// because it holds the clickers to a second after the database is back.
/// </summary>
[Collection(TimedAloneCollection.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int Players = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Afterwards = TimeSpan.FromSeconds(4);
    private static readonly BanAmount PerClick = BanAmount.Parse("0.001");

    [Fact]
    public async Task A_database_outage_under_click_load_answers_503_with_retry_after_never_500_logs_little_and_loses_or_doubles_no_click()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        // Twenty players share the test's one client address, each at three clicks a second (and its retries).
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 100000");
        cluster.Config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 100000");
        // The levels of the programs' appsettings.json, in place of the tests' quieter ones.
        using var silo = cluster.StartSiloProgram("--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning");
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port, "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await ApiCalls.ReadyAsync(http, Patience);
        var users = Enumerable.Range(0, Players).Select(_ => UserId.New(TimeProvider.System).Value).ToArray();
        await using (var client = await cluster.StartClientAsync())
        {
            foreach (var user in users)
            {
                await client.Client.GetGrain<IPlayerGrain>(user).CreateAsync("Outage", IdentityKey.Parse($"email:{user}@outage.example"));
            }
        }

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<Answer>();
        // Until the database is back, a bound that only a test gone wrong reaches.
        var loadEnds = Patience;
        var load = users.Select((user, i) => PlayAsync(http, user, new Random(i), clock, () => loadEnds, answers)).ToArray();

        await Eventually.HoldsAsync(() => Task.FromResult(clock.Elapsed >= Warmup), Patience, "the players warm up");
        var stopAt = DateTimeOffset.UtcNow;
        var outageStarts = clock.Elapsed;
        await postgres.StopAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(clock.Elapsed >= outageStarts + Outage), Patience, "the outage lasts");
        await postgres.StartAgainAsync();
        var outageEnds = clock.Elapsed;
        var backAt = DateTimeOffset.UtcNow;
        loadEnds = outageEnds + Afterwards;
        var accepted = (await Task.WhenAll(load)).SelectMany(nonces => nonces).ToHashSet(StringComparer.Ordinal);

        var all = answers.ToList();
        var during = all.Where(a => a.SentAt > outageStarts && a.AnsweredAt < outageEnds).ToList();
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var siloLines = WarningsBetween(silo.Output, stopAt, backAt);
        var apiLines = WarningsBetween(api.Output, stopAt, backAt);
        var outageSeconds = (backAt - stopAt).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} answers, {during.Count} during the {outageSeconds:0.0} s outage ({unavailable.Count} were 503); " +
            $"silo log {siloLines.Count} warnings and errors, {siloLines.Sum(l => l.Length)} bytes; Api log {apiLines.Count}, {apiLines.Sum(l => l.Length)} bytes"));
        foreach (var line in siloLines.Concat(apiLines))
        {
            output.WriteLine(line.Length > 400 ? line[..400] + "…" : line);
        }

        Assert.DoesNotContain(all, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.True(unavailable.Count >= Players, $"only {unavailable.Count} answers were 503 while the database was away");
        Assert.All(unavailable, a => Assert.True(a.RetryAfter, $"{a.Path} answered 503 without Retry-After"));
        Assert.All(during, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var user in users)
        {
            var firstClickBack = all.Where(a => a.User == user && a.Path == ClickPath && a.SentAt >= outageEnds && a.Status == HttpStatusCode.OK).Min(a => (TimeSpan?)a.AnsweredAt);
            Assert.True(firstClickBack - outageEnds <= TimeSpan.FromSeconds(1), $"{user} clicked again only {(firstClickBack - outageEnds)?.TotalSeconds:0.00} s after the database was back");
        }
        // A few lines a second: one per kind of failure, counted, not one (with its stack) per failed request.
        Assert.True(siloLines.Count + apiLines.Count <= 3 * outageSeconds, $"{siloLines.Count} silo and {apiLines.Count} Api log lines in a {outageSeconds:0.0} s outage");

        // Every click was answered in the end (a 503 is sent again with its nonce), and each accepted one is in the
        // click log once, in the counts once and in the reward account once.
        var logged = await Sql.CountAsync(cluster.Database, "SELECT count(*) FROM click_events WHERE outcome = 'accepted'");
        var distinct = await Sql.CountAsync(cluster.Database, "SELECT count(DISTINCT (user_id, client_nonce)) FROM click_events WHERE outcome = 'accepted'");
        Assert.Equal((accepted.Count, accepted.Count), (logged, distinct));
        await using var after = await cluster.StartClientAsync();
        UInt128 pending = 0;
        long counted = 0;
        foreach (var user in users)
        {
            await after.Client.GetGrain<IClickerGrain>(user).AccrueAsync();
            counted += (await after.Client.GetGrain<IClickerGrain>(user).GetAsync()).Counts.AllTime;
            pending += (await after.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Pending.Raw;
        }
        Assert.Equal(accepted.Count, counted);
        Assert.Equal((UInt128)accepted.Count * PerClick.Raw, pending);
    }

    private const string ClickPath = "/api/v1/click";
    private const string StatusPath = "/api/v1/me/status";

    private sealed record Answer(string User, string Path, TimeSpan SentAt, TimeSpan AnsweredAt, HttpStatusCode Status, bool RetryAfter);

    /// <summary>Clicks about three times a second (and reads the status every third time) until the load ends, sending
    /// a click that failed again with its nonce, as the player app does; then makes sure the last click is answered.
    /// The clicks accepted, as user/nonce.</summary>
    private static async Task<List<string>> PlayAsync(HttpClient http, string user, Random random, Stopwatch clock, Func<TimeSpan> loadEnds, ConcurrentBag<Answer> answers)
    {
        var token = PlayerTokens.For(user);
        var accepted = new List<string>();
        string? unanswered = null;
        for (var i = 0; clock.Elapsed < loadEnds() || unanswered is not null; i++)
        {
            if (clock.Elapsed > loadEnds() + Patience)
            {
                throw new TimeoutException($"click {unanswered} of {user} was never answered");
            }
            var nonce = unanswered ?? $"c{i}";
            var status = await SendAsync(http, user, token, ClickPath, nonce, clock, answers);
            unanswered = (int)status >= 500 ? nonce : null;
            if (status == HttpStatusCode.OK)
            {
                accepted.Add($"{user}/{nonce}");
            }
            if (i % 3 == 0)
            {
                await SendAsync(http, user, token, StatusPath, null, clock, answers);
            }
            // A person's pace, never a machine's: the clicker bans clicks whose intervals barely vary.
            await Task.Delay(TimeSpan.FromMilliseconds(250 + random.Next(170)));
        }
        return accepted;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string user, string token, string path, string? nonce, Stopwatch clock, ConcurrentBag<Answer> answers)
    {
        using var request = new HttpRequestMessage(nonce is null ? HttpMethod.Get : HttpMethod.Post, path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = nonce is null ? null : JsonContent.Create(new { clientNonce = nonce }),
        };
        var sent = clock.Elapsed;
        using var response = await http.SendAsync(request);
        answers.Add(new Answer(user, path, sent, clock.Elapsed, response.StatusCode, response.Headers.RetryAfter is not null));
        return response.StatusCode;
    }

    /// <summary>The lines an outage adds: warnings and errors (the Api's requests are logged, at Information, either way).</summary>
    private static List<string> WarningsBetween(string log, DateTimeOffset from, DateTimeOffset to) =>
        [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line =>
        {
            if (!line.StartsWith('{'))
            {
                return false;
            }
            using var json = JsonDocument.Parse(line);
            var at = json.RootElement.GetProperty("timestamp").GetDateTimeOffset();
            return at >= from && at <= to && json.RootElement.GetProperty("level").GetString() is "Warning" or "Error" or "Critical";
        })];
}
