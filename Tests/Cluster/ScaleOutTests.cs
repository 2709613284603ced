using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Live;
using Faucet.Tests.Payouts;
using Xunit.Abstractions;

namespace Faucet.Tests.Cluster;

/// <summary>
/// Faucet scaled out as an operator runs it: silos and two Apis as separate processes from the built binaries,
/// players clicking through both Apis, feed subscribers on both, and the silo running a settlement round killed with
/// SIGKILL in the middle of it. <c>./faucet scale-out [silos]</c> runs this with the number of silos given
/// (<c>FAUCET_SCALE_OUT_SILOS</c>; 3 unless set).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Players = 24;
    private const int ClicksEach = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly BanAmount PerClick = BanAmount.Parse("0.001");

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private sealed record SiloProgram(ProgramProcess Process, int SiloPort, int MetricsPort) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }

    private SiloProgram StartSilo()
    {
        var (siloPort, metricsPort) = (FreePort.Next(), FreePort.Next());
        // Small batches, one source account (one send in flight) and a slow node: the round lasts long enough to be
        // cut in the middle.
        var process = cluster.StartSiloProgramOn(siloPort,
            "--Faucet:Settlement:PlayersPerBatch=2",
            "--Faucet:Metrics:Port=" + metricsPort.ToString(CultureInfo.InvariantCulture));
        return new SiloProgram(process, siloPort, metricsPort);
    }

    private void Step(string text) => output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {text}");

    [Fact]
    public async Task A_round_whose_silo_is_killed_completes_once_while_both_apis_keep_serving_clicks_and_the_feed()
    {
        var siloCount = int.TryParse(Environment.GetEnvironmentVariable("FAUCET_SCALE_OUT_SILOS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : 3;
        var silos = new List<SiloProgram>();
        var apiPorts = new[] { FreePort.Next(), FreePort.Next() };
        using var apis = new ProgramSet(apiPorts.Select(port => cluster.StartApiProgram(port)));
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                silos.Add(StartSilo());
            }
            var http = apiPorts.Select(port => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }).ToArray();
            await Task.WhenAll(http.Select(h => ApiCalls.ReadyAsync(h, Patience)));
            await using var client = await cluster.StartClientAsync();
            await Eventually.HoldsAsync(async () => await ActiveSilosAsync() == siloCount, Patience, $"{siloCount} silos are active");
            Step($"{siloCount} silos and 2 Apis are up");

            await using var feedA = await FeedSocket.ConnectAsync(http[0]);
            await using var feedB = await FeedSocket.ConnectAsync(http[1]);
            foreach (var feed in new[] { feedA, feedB })
            {
                await feed.SendAsync("subscribe", "feed");
                Assert.Equal("subscribed", (await feed.NextAsync()).GetProperty("type").GetString());
            }

            // Accruals through both Apis: every click a 200 acknowledged must end up in the player's balance.
            var players = await Task.WhenAll(Enumerable.Range(0, Players).Select(_ => PlayerWithWalletAsync(client.Client)));
            var users = players.Select(p => p.User).ToArray();
            var owners = players.ToDictionary(p => p.Wallet, p => p.User, StringComparer.Ordinal);
            var acknowledged = (await Task.WhenAll(users.Select((user, i) => ClickAsync(http[i % 2], user, "first")))).Select(c => c.Accepted).ToArray();
            Assert.All(acknowledged, count => Assert.InRange(count, 1, ClicksEach));
            foreach (var (user, clicks) in users.Zip(acknowledged))
            {
                await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Pending == Times(clicks),
                    Patience, $"the {clicks} acknowledged clicks of {user} are accrued");
            }
            Step($"{acknowledged.Sum()} clicks acknowledged through both Apis and accrued for {Players} players");

            cluster.Node.Latency = TimeSpan.FromMilliseconds(150);
            var round = await RunRoundAsync(http[0]);
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count >= 3), Patience, "the round is under way");
            var roundSilo = await client.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.Client.GetGrain<ISettlementRoundGrain>(round));
            var doomed = silos.FirstOrDefault(s => s.SiloPort == roundSilo?.Endpoint.Port) ?? silos[0];
            doomed.Process.Kill();
            await doomed.Process.WaitForExitAsync(Patience);
            // Taken once the silo is gone: a send it had in flight may still have reached the node.
            var paidBefore = cluster.Node.Sends.Values.Select(s => owners[s.Destination]).ToHashSet(StringComparer.Ordinal);
            silos.Remove(doomed);
            doomed.Dispose();
            Step($"round {round}: killed the silo on port {doomed.SiloPort} (it {(roundSilo?.Endpoint.Port == doomed.SiloPort ? "ran" : "did not run")} the round) after {paidBefore.Count} of {Players} sends");
            Assert.True(paidBefore.Count < Players, "the silo died mid-round");

            // The Apis keep taking clicks while the cluster recovers: each player clicks again, through the other Api.
            var later = await Task.WhenAll(users.Select((user, i) => ClickAsync(http[(i + 1) % 2], user, "later")));
            Step($"{later.Sum(c => c.Accepted)} more clicks acknowledged right after the kill; other answers: {string.Join(", ", later.SelectMany(c => c.Others).GroupBy(s => s).Select(g => $"{g.Count()}x {(int)g.Key}"))}");
            // While the cluster notices the death, a call to a grain that lived on the dead silo is a 503 to retry, never a 500.
            Assert.All(later.SelectMany(c => c.Others), status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
            silos.Add(StartSilo());
            cluster.Node.Latency = TimeSpan.Zero;
            RoundView? finished = null;
            await Eventually.HoldsAsync(async () => (finished = await RoundAsync(client.Client, round)) is { Status: RoundStatus.Done or RoundStatus.Skipped },
                Patience, $"round {round} finishes");
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == Players), Patience, "every player is paid");
            Step($"round {round} {finished!.Status.ToString().ToLowerInvariant()} on the survivors: {finished.PayoutsStarted} payouts, {finished.Total} BAN");

            // Exactly once at the node: one send per player, to their wallet, of what they earned; no id sent twice with other data.
            Assert.Equal((RoundStatus.Done, Players, Players), (finished.Status, finished.Planned, finished.PayoutsStarted));
            Assert.Empty(cluster.Node.Conflicts);
            Assert.Equal(owners.Keys.Order(StringComparer.Ordinal), cluster.Node.Sends.Values.Select(s => s.Destination).Order(StringComparer.Ordinal));
            // Every acknowledged click is in the balance, paid or pending: a player whose batch was reserved after the
            // later clicks accrued is paid for them too. What reached the node is what each balance counts as paid.
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                RewardBalance? balance = null;
                await Eventually.HoldsAsync(async () => (balance = await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b
                        && b.Paid.Raw + b.Pending.Raw == Times(acknowledged[i] + later[i].Accepted).Raw && b.Reserved == BanAmount.Zero,
                    Patience, $"the {acknowledged[i] + later[i].Accepted} clicks acknowledged for {user} are paid or pending, and nothing stays reserved");
                var send = cluster.Node.Sends.Values.Single(s => owners[s.Destination] == user);
                Assert.Equal(balance!.Paid.Raw.ToString(CultureInfo.InvariantCulture), send.Amount);
                Assert.True(balance.Paid >= Times(acknowledged[i]), $"{user} was paid at least the clicks accrued before the round");
            }

            // Both feeds kept going through the kill: each hears of a payout sent after it.
            foreach (var (feed, name) in new[] { (feedA, "Api 1"), (feedB, "Api 2") })
            {
                while (true)
                {
                    var payout = await feed.NextAsync("payout");
                    if (!paidBefore.Contains(payout.GetProperty("payload").GetProperty("userId").GetString()!))
                    {
                        break;
                    }
                }
                Step($"the feed subscriber on {name} received payouts sent after the kill");
            }

            // Each silo's metrics port: the payouts sent after the kill were counted by the silos that sent them.
            using var scrape = new HttpClient();
            var siloMetrics = await Task.WhenAll(silos.Select(silo => ScrapeAsync(scrape, silo)));
            var apiMetrics = await http[0].GetStringAsync(new Uri("/metrics", UriKind.Relative));
            var roundMetrics = siloMetrics.MaxBy(m => Sample(m, "faucet_settlement_rounds_total", "outcome=\"done\""))!;
            Step("/metrics of the silo that finished the round:\n" + FaucetLines(roundMetrics));
            Step("an Api's /metrics:\n" + FaucetLines(apiMetrics));
            Assert.Contains("faucet_feed_connections{", apiMetrics, StringComparison.Ordinal);
            Assert.Contains("faucet_ready{", apiMetrics, StringComparison.Ordinal);
            Assert.All(siloMetrics, metrics => Assert.Contains("orleans_", metrics, StringComparison.Ordinal));
            // The names the alert rules are checked against are the names the exporter really gives.
            var scraped = siloMetrics.Append(apiMetrics).SelectMany(m => m.Split('\n'))
                .Where(l => l.StartsWith("faucet_", StringComparison.Ordinal) || l.StartsWith("app_", StringComparison.Ordinal))
                .Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet(StringComparer.Ordinal);
            Assert.Subset(PrometheusNames.OfFaucetInstruments().ToHashSet(StringComparer.Ordinal), scraped);
            Assert.Contains("faucet_settlement_round_duration_seconds_bucket", scraped);
            Assert.True(siloMetrics.Sum(m => Sample(m, "faucet_payouts_total", "status=\"sent\"")) >= Players - paidBefore.Count,
                "the survivors counted the payouts they sent");
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }

        async Task<int> ActiveSilosAsync() =>
            (int)await Sql.CountAsync(cluster.Database, "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'test' AND status = 3");
    }

    /// <summary>A silo's /metrics. The survivors can finish the round before the replacement silo has started, so its
    /// metrics port may not be listening yet; a refused connection is waited out, anything else fails.</summary>
    private static async Task<string> ScrapeAsync(HttpClient http, SiloProgram silo)
    {
        string? metrics = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{silo.MetricsPort}/metrics"));
                return true;
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                return false;
            }
        }, Patience, $"the silo on port {silo.SiloPort} serves /metrics");
        return metrics!;
    }

    /// <summary>The round as its grain tells it; null while the cluster has not yet noticed the dead silo that held it.</summary>
    private static async Task<RoundView?> RoundAsync(IClusterClient client, long round)
    {
        try
        {
            return await client.GetGrain<ISettlementRoundGrain>(round).GetAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return null;
        }
    }

    private static BanAmount Times(int clicks) => BanAmount.FromRaw(PerClick.Raw * (UInt128)clicks);

    /// <summary>The value of a metric's sample whose labels include <paramref name="label"/>, 0 if there is none.</summary>
    private static double Sample(string metrics, string name, string label) => metrics.Split('\n')
        .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
        .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).Sum();

    private static string FaucetLines(string metrics) => string.Join('\n', metrics.Split('\n')
        .Where(l => l.StartsWith("faucet_", StringComparison.Ordinal) || l.StartsWith("app_", StringComparison.Ordinal))
        .Where(l => !l.Contains("_bucket{", StringComparison.Ordinal))
        .Select(l => l.Replace("otel_scope_name=\"Faucet\",", "", StringComparison.Ordinal)));

    private static async Task<(string User, string Wallet)> PlayerWithWalletAsync(IClusterClient client)
    {
        var user = UserId.New(TimeProvider.System).Value;
        var player = client.GetGrain<IPlayerGrain>(user);
        await player.CreateAsync("P", IdentityKey.Parse($"email:{user}@example.org"));
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        var wallet = BananoAddress.FromPublicKey(key);
        Assert.Equal(WalletLinkStatus.Linked, await player.LinkWalletAsync(wallet));
        return (user, wallet.Value);
    }

    /// <summary>Clicks a few times (a burst, well inside the bucket and the speed limit), as the web client does: a click
    /// answered 503 is sent again with the same nonce until it gets a final answer, so that a click the cluster took
    /// before the answer was lost counts once. How many were answered 200, and every other answer on the way.</summary>
    private static async Task<(int Accepted, List<HttpStatusCode> Others)> ClickAsync(HttpClient http, string user, string burst)
    {
        var accepted = 0;
        var others = new List<HttpStatusCode>();
        for (var i = 0; i < ClicksEach; i++)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/click")
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) },
                    Content = JsonContent.Create(new { clientNonce = $"{burst}-{i}" }),
                };
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted++;
                    break;
                }
                others.Add(response.StatusCode);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 100)
                {
                    break;
                }
                // Sooner than the Retry-After of 5 s the Api asks for, to keep the test short.
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
        return (accepted, others);
    }

    private static async Task<long> RunRoundAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/settlement/run")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
        };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64();
    }

    /// <summary>Programs that stop together.</summary>
    private sealed class ProgramSet(IEnumerable<ProgramProcess> programs) : IDisposable
    {
        private readonly List<ProgramProcess> all = programs.ToList();

        public void Dispose()
        {
            foreach (var program in all)
            {
                program.Dispose();
            }
        }
    }
}
