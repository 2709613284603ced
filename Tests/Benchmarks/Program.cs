using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Faucet.Feed;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Npgsql;

// Usage: Faucet.Benchmarks [identity] [settle [players] [--accounts N] [--send-ms M]] [feed [clients]] [click [players] [--warm-up S]]
//   [verify [players]] [vanity] [status [players] [--pin]] [signup [solves]] [cli]
//   (no arguments: identity, then settle with 1000 players, feed with 1000 clients, click with 1000 players,
//   verify with 1000 linked players, and vanity)
//   settle --accounts N: the silo pays from N funded source accounts (1 unless given);
//   settle --send-ms M: the node sends from each account one block at a time, M ms each (without it, every send
//   is answered in 1 ms, in parallel: the database path alone).
//   click --warm-up S: S seconds of clicking before the 20 measured (12 unless given).
//   status --pin: the Api, the silo and PostgreSQL on core 0, the load on core 1 (status is not in the default set).
//   signup: the sign-up proof of work solved by the app's widget in headless Chromium, 30 solves unless given (not in
//   the default set; needs Debian's chromium).
//   cli: `faucet vanity grind` in-process against the search engine alone, on one core and on all (not in the default set).
//   mix [players] [--minutes N] [--pulls N]: players doing what players do for 60 s (or N minutes, printing memory each
//   minute), pulling in N of 1,000 actions (2 unless given) (not in the default set).
// Each benchmark prints one JSON line with its figure, the peer it is compared with (measured in the same run,
// on the same database server) and the ratio.
var flags = new Dictionary<string, int>(StringComparer.Ordinal) { ["--accounts"] = 1, ["--send-ms"] = 0, ["--minutes"] = 0, ["--pulls"] = MixBenchmark.PullsPerMille, ["--warm-up"] = 12 };
var positional = new List<string>();
var pin = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--pin")
    {
        pin = true;
    }
    else if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        positional.Add(args[i]);
    }
    else if (flags.ContainsKey(args[i]) && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && (value > 0 || args[i] is "--send-ms" or "--pulls"))
    {
        flags[args[i++]] = value;
    }
    else
    {
        Console.Error.WriteLine($"{args[i]}: expected --accounts N (N ≥ 1), --send-ms M (M ≥ 0), --minutes N (N ≥ 1), --pulls N (0-1000), --warm-up S (S ≥ 1) or --pin");
        return 2;
    }
}
var which = positional.Count == 0 ? ["identity", "settle", "feed", "click", "verify", "vanity"] : positional.Where(a => !a.All(char.IsAsciiDigit)).ToArray();
var players = positional.FirstOrDefault(a => a.All(char.IsAsciiDigit)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1000;

if (which.SequenceEqual(["cli"]))
{
    // Needs no database: the command line's grind against the engine it runs.
    await Faucet.Benchmarks.CliGrindBenchmark.RunAsync();
    return 0;
}
if (which.SequenceEqual(["signup"]))
{
    // Needs no database: the widget in headless Chromium against the Api's challenges.
    await Faucet.Benchmarks.SignUpProofBenchmark.RunAsync(players == 1000 ? 30 : players);
    return 0;
}
if (which.SequenceEqual(["vanity"]))
{
    // Needs no database.
    VanityBenchmark.Run();
    return 0;
}
await using var postgres = await PostgresServer.StartAsync();
if (which.Contains("identity"))
{
    await IdentityClaimBenchmark.RunAsync(postgres);
}
if (which.Contains("settle"))
{
    await SettleBenchmark.RunAsync(postgres, players, flags["--accounts"], flags["--send-ms"]);
}
if (which.Contains("feed"))
{
    await FeedBenchmark.RunAsync(postgres, players);
}
if (which.Contains("click"))
{
    await ClickBenchmark.RunAsync(postgres, players, TimeSpan.FromSeconds(flags["--warm-up"]));
}
if (which.Contains("verify"))
{
    await VerifyBenchmark.RunAsync(postgres, players);
}
if (which.Contains("vanity"))
{
    VanityBenchmark.Run();
}
if (which.Contains("status"))
{
    await StatusBenchmark.RunAsync(postgres, players, pin);
}
if (which.Contains("mix"))
{
    await MixBenchmark.RunAsync(postgres, players, flags["--minutes"], Math.Min(1000, flags["--pulls"]));
}
return 0;

/// <summary>A first identity claim through the cluster against the same read and insert sent directly.</summary>
internal static class IdentityClaimBenchmark
{
    private const int Rounds = 5;
    private const int OperationsPerRound = 2000;
    private const int Concurrency = 16;

    public static async Task RunAsync(PostgresServer postgres)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var client = await ClientProcess.StartAsync(database);
        await using var direct = NpgsqlDataSource.Create(database);
        await using (var create = direct.CreateCommand("CREATE TABLE peer_claims (identity text PRIMARY KEY, owner text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var cluster = await MeasureAsync(async (i, round) =>
        {
            var claim = await client.Client.GetGrain<IIdentityGrain>($"email:c{round}.{i}@bench.example").ClaimAsync(new UserId(Owner(i)));
            if (!claim.Granted)
            {
                throw new InvalidOperationException("a fresh identity was refused");
            }
        });
        var peer = await MeasureAsync(async (i, round) =>
        {
            var key = $"email:d{round}.{i}@bench.example";
            await using var connection = await direct.OpenConnectionAsync();
            await using (var read = new NpgsqlCommand("SELECT owner FROM peer_claims WHERE identity = @k", connection))
            {
                read.Parameters.AddWithValue("k", key);
                await read.ExecuteScalarAsync();
            }
            await using var write = new NpgsqlCommand("INSERT INTO peer_claims (identity, owner) VALUES (@k, @o) ON CONFLICT DO NOTHING", connection);
            write.Parameters.AddWithValue("k", key);
            write.Parameters.AddWithValue("o", Owner(i));
            await write.ExecuteNonQueryAsync();
        });

        Print(new
        {
            benchmark = "identity_first_claim",
            unit = "ops/s",
            median = Math.Round(Median(cluster), 1),
            rounds = cluster.Select(r => Math.Round(r, 1)),
            peer = "npgsql_select_then_insert",
            peer_median = Math.Round(Median(peer), 1),
            ratio = Math.Round(Median(cluster) / Median(peer), 3),
            concurrency = Concurrency,
            operations_per_round = OperationsPerRound,
        });
    }

    private static string Owner(int i) => "01BENCH" + i.ToString("D19", CultureInfo.InvariantCulture);

    private static async Task<List<double>> MeasureAsync(Func<int, string, Task> operation)
    {
        var rates = new List<double>();
        for (var round = 0; round <= Rounds; round++)
        {
            var next = -1;
            var tag = Guid.NewGuid().ToString("N")[..8];
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < OperationsPerRound)
                {
                    await operation(i, tag);
                }
            }));
            if (round > 0)
            {
                rates.Add(OperationsPerRound / stopwatch.Elapsed.TotalSeconds);
            }
        }
        return rates;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static void Print(object line) => Console.WriteLine(JsonSerializer.Serialize(line));
}

/// <summary>One settlement round over N players with pending kills, paying through the live adapter into the
/// wire-level fake node (1 ms latency), against the single-row insert rate of the same database; with a send time,
/// against the node's limit too: each source account sends one block at a time, so the node carries at most
/// accounts × 1000 / send-ms payouts a second, whatever the database does.</summary>
internal static class SettleBenchmark
{
    /// <summary><c>banano.timeout_seconds</c> as shipped. The tests' one second suits an instant node; at a node's
    /// pace a send waits its turn behind the others in flight from its account, as it would in production.</summary>
    private const int ShippedNodeTimeoutSeconds = 10;

    public static async Task RunAsync(PostgresServer postgres, int players, int accounts, int sendMs)
    {
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        cluster.Node.Latency = TimeSpan.FromMilliseconds(1);
        // Each account can pay every player: rounds give a payout only to an account whose balance covers it.
        foreach (var source in cluster.UseSourceAccounts(accounts))
        {
            cluster.Node.Balances[source] = BanAmount.Parse("2.1").Raw * (UInt128)players * 2;
        }
        if (sendMs > 0)
        {
            cluster.Node.SendTime = TimeSpan.FromMilliseconds(sendMs);
            cluster.Config.SetLine("integrations.yaml", "timeout_seconds", $"timeout_seconds: {ShippedNodeTimeoutSeconds}");
        }
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            var key = new byte[32];
            while (Interlocked.Increment(ref next) < players)
            {
                var user = UserId.New(TimeProvider.System).Value;
                var player = client.Client.GetGrain<IPlayerGrain>(user);
                await player.CreateAsync("B", IdentityKey.Parse($"email:{user}@bench.example"));
                Random.Shared.NextBytes(key);
                await player.LinkWalletAsync(BananoAddress.FromPublicKey(key));
                await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(1);
            }
        }));

        var insertsPerSecond = await SingleRowInsertRateAsync(cluster.Database);

        var stopwatch = Stopwatch.StartNew();
        var number = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number;
        var round = client.Client.GetGrain<ISettlementRoundGrain>(number);
        RoundView view;
        // A send that outlasts its call's timeout leaves its payout pending for a retry after the round: the
        // players are paid when the last pending payout is.
        while ((view = await round.GetAsync()).Status is RoundStatus.Paying or RoundStatus.NotStarted
            || await cluster.ScalarAsync("SELECT count(*) FROM payouts WHERE status = 'pending'") != "0")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        stopwatch.Stop();
        var recorded = Convert.ToInt64(await cluster.ScalarAsync("SELECT count(*) FROM payouts WHERE status = 'sent'"), System.Globalization.CultureInfo.InvariantCulture);
        if (view.Status != RoundStatus.Done || cluster.Node.Sends.Count != players || recorded != players || cluster.Node.Conflicts.Count > 0)
        {
            throw new InvalidOperationException($"round {view.Status}: {cluster.Node.Sends.Count} of {players} sent, {recorded} recorded as sent, {cluster.Node.Conflicts.Count} conflicts");
        }

        var payoutsPerSecond = players / stopwatch.Elapsed.TotalSeconds;
        double? nodeLimit = sendMs > 0 ? accounts * 1000.0 / sendMs : null;
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "settle",
            players,
            wall_s = Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
            payouts_per_s = Math.Round(payoutsPerSecond, 1),
            peer = "single_row_insert",
            peer_rows_per_s = Math.Round(insertsPerSecond, 1),
            ratio = Math.Round(payoutsPerSecond / insertsPerSecond, 4),
            node_latency_ms = 1,
            accounts,
            send_ms = sendMs,
            node_limit_per_s = nodeLimit is { } limit ? Math.Round(limit, 1) : (double?)null,
            ratio_to_node_limit = nodeLimit is { } node ? Math.Round(payoutsPerSecond / node, 4) : (double?)null,
            accounts_used = cluster.Node.Sends.Values.Select(send => send.Source).Distinct().Count(),
            node_timeout_s = sendMs > 0 ? ShippedNodeTimeoutSeconds : 1,
        });
    }

    /// <summary>One connection inserting one row per statement for two seconds: the write ceiling a payout that
    /// needs several writes is measured against.</summary>
    private static async Task<double> SingleRowInsertRateAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var connection = await source.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE bench_rows (id bigint PRIMARY KEY, payload text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var insert = new NpgsqlCommand("INSERT INTO bench_rows (id, payload) VALUES (@id, 'r')", connection);
        var id = new NpgsqlParameter<long> { ParameterName = "id" };
        insert.Parameters.Add(id);
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(2))
        {
            id.TypedValue = rows++;
            await insert.ExecuteNonQueryAsync();
        }
        return rows / stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>
/// N WebSocket clients on /ws of an Api process, all subscribed to the feed; payout events published in the cluster
/// at a pace that makes 20,000 frames a second in all (20 events a second to 1,000 clients, 2 to 10,000), which is
/// what this 2-core machine carries with the clients on it too; the delay from publishing to each client's receipt,
/// against the 100 ms goal; and the Api process's resident memory per connection.
/// </summary>
internal static class FeedBenchmark
{
    private const double FramesPerSecond = 20_000;
    private const double GoalMs = 100;

    public static async Task RunAsync(PostgresServer postgres, int clients)
    {
        // 1,000 events, or 200 for 10,000 clients or more, which would otherwise take over eight minutes.
        var events = clients >= 10_000 ? 200 : 1000;
        var perSecond = FramesPerSecond / clients;
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        await using var silo = await cluster.StartSiloAsync();
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilReadyAsync(http);
        await using var client = await cluster.StartClientAsync();

        var rssBefore = ResidentKb(api.Id);
        var sockets = new System.Net.WebSockets.ClientWebSocket[clients];
        var latencies = new double[clients][];
        var open = -1;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref open)) < clients)
            {
                sockets[i] = new System.Net.WebSockets.ClientWebSocket();
                await sockets[i].ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), CancellationToken.None);
                await sockets[i].SendAsync("""{"op":"subscribe","channel":"feed"}"""u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }));
        var subscribed = new CountdownEvent(clients);
        var done = new CountdownEvent(clients);
        _ = Enumerable.Range(0, clients).Select(i => Task.Run(() => ReadAsync(sockets[i], latencies[i] = new double[events], subscribed, done))).ToArray();
        if (!subscribed.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new InvalidOperationException($"{subscribed.CurrentCount} of {clients} clients were not subscribed");
        }
        var rssAfter = ResidentKb(api.Id);

        var feed = client.Client.GetStreamProvider(FeedStreams.ProviderName).GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));
        var destination = BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3");
        var block = BlockHash.Parse(new string('B', 64));
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        for (var e = 0; e < events; e++)
        {
            await pace.WaitForNextTickAsync();
            await feed.OnNextAsync(new PayoutSentEvent($"bench-{e}", "bench", 1, destination, BanAmount.Parse("1"), block, DateTimeOffset.UtcNow));
        }
        if (!done.Wait(TimeSpan.FromMinutes(5)))
        {
            throw new InvalidOperationException($"{done.CurrentCount} of {clients} clients did not get every event");
        }

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "feed",
            clients,
            events,
            events_per_s = Math.Round(perSecond, 1),
            deliveries = all.Length,
            p50_ms = Math.Round(Percentile(0.50), 1),
            p99_ms = Math.Round(Percentile(0.99), 1),
            limit = "goal_p99_ms",
            limit_ms = GoalMs,
            ratio = Math.Round(Percentile(0.99) / GoalMs, 3),
            api_rss_kb_per_connection = Math.Round((rssAfter - rssBefore) / (double)clients, 1),
        });
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    private static async Task ReadAsync(System.Net.WebSockets.ClientWebSocket socket, double[] latencies, CountdownEvent subscribed, CountdownEvent done)
    {
        var buffer = new byte[16 * 1024];
        var n = 0;
        while (n < latencies.Length)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var at = DateTimeOffset.UtcNow;
            using var frame = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            var type = frame.RootElement.GetProperty("type").GetString();
            if (type == "subscribed")
            {
                subscribed.Signal();
            }
            else if (type == "payout")
            {
                latencies[n++] = (at - frame.RootElement.GetProperty("payload").GetProperty("sentAt").GetDateTimeOffset()).TotalMilliseconds;
            }
        }
        done.Signal();
    }

    internal static async Task WaitUntilReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The Api did not become ready");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    internal static long ResidentKb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>
/// N players clicking through <c>POST /api/v1/click</c> on an Api process, each at a human pace just under its
/// bucket's refill (one click every 200-260 ms, unevenly), for 20 seconds after a warm-up (12 s unless given): accepted
/// clicks a second and the latency of a click. All players start within a quarter of a second, so their first accruals
/// come together, and with them the first event on each player's account stream, which registers the stream with the
/// cluster's stream directory in PostgreSQL. On two cores that cold start lasts some 20-30 s from the first click: a
/// warm-up of 12 s measures part of it, one of 25 s mostly the faucet running. The peer is a plain Kestrel endpoint in
/// this process that reads the same JSON body and answers at once, driven as hard as the same N connections can: the
/// HTTP ceiling of this machine.
/// </summary>
internal static class ClickBenchmark
{
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(PostgresServer postgres, int players, TimeSpan warmUp)
    {
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 100000000");
        // The silo and the Api are programs of their own, logging at the levels they ship with, so that each one's
        // CPU time per click can be read from /proc.
        using var silo = cluster.StartSiloProgram();
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port,
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning");
        using var http = Client(port, players);
        await FeedBenchmark.WaitUntilReadyAsync(http);

        var cpuAtStart = (Api: StatusBenchmark.CpuSeconds(api.Id), Silo: StatusBenchmark.CpuSeconds(silo.Id), Postgres: StatusBenchmark.CpuSeconds(postgres.ProcessId));
        var tokens = Faucet.Tests.Api.PlayerTokens.Issuer();
        var users = Enumerable.Range(0, players).Select(_ => UserId.New(TimeProvider.System)).ToArray();
        var bearer = users.Select(u => tokens.Issue(u, ["player"])).ToArray();
        var (clicks, clickLatencies, refused, calls) = await DriveAsync(players, async (i, n) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/click")
            {
                Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer[i]) },
                Content = new StringContent($$"""{"clientNonce":"b{{n}}"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request);
            return response.StatusCode == System.Net.HttpStatusCode.OK;
        }, pace: true, warmUp);
        // Warm-up and measured time together (every call is counted in one or the other).
        var cpu = (Api: StatusBenchmark.CpuSeconds(api.Id) - cpuAtStart.Api, Silo: StatusBenchmark.CpuSeconds(silo.Id) - cpuAtStart.Silo, Postgres: StatusBenchmark.CpuSeconds(postgres.ProcessId) - cpuAtStart.Postgres);
        // Every accepted click, warm-up included, reaches the reward journal exactly once.
        await using (var client = await cluster.StartClientAsync())
        {
            await Task.WhenAll(users.Select(u => client.Client.GetGrain<Faucet.Clicker.IClickerGrain>(u.Value).AccrueAsync()));
        }
        var recorded = Convert.ToInt64(await cluster.ScalarAsync("SELECT count(*) FROM click_events WHERE outcome = 'accepted'"), CultureInfo.InvariantCulture);
        var earned = await cluster.ScalarAsync("SELECT sum(reward_raw)::text FROM click_events WHERE outcome = 'accepted'");
        var accrued = await cluster.ScalarAsync("SELECT sum(amount_raw)::text FROM reward_journal WHERE kind = 'clicks'");
        if (refused > 0 || recorded < clicks || earned != accrued)
        {
            throw new InvalidOperationException($"{refused} clicks were refused, {recorded} recorded as accepted for {clicks} answered so, {accrued} raw accrued for {earned} earned");
        }

        await using var plain = await PlainEndpointAsync();
        using var plainHttp = Client(plain.Port, players);
        var (plainCalls, plainLatencies, _, _) = await DriveAsync(players, async (_, n) =>
        {
            using var content = new StringContent($$"""{"clientNonce":"b{{n}}"}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await plainHttp.PostAsync(new Uri("/plain", UriKind.Relative), content);
            return response.IsSuccessStatusCode;
        }, pace: false, warmUp);

        var clicksPerSecond = clicks / Measured.TotalSeconds;
        var plainPerSecond = plainCalls / Measured.TotalSeconds;
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "click",
            players,
            warm_up_s = warmUp.TotalSeconds,
            accepted_per_s = Math.Round(clicksPerSecond, 1),
            offered_per_s = Math.Round(players / 0.23, 1),
            p50_ms = Math.Round(Percentile(clickLatencies, 0.50), 1),
            p99_ms = Math.Round(Percentile(clickLatencies, 0.99), 1),
            peer = "plain_kestrel_endpoint",
            peer_per_s = Math.Round(plainPerSecond, 1),
            peer_p99_ms = Math.Round(Percentile(plainLatencies, 0.99), 1),
            ratio = Math.Round(clicksPerSecond / plainPerSecond, 4),
            api_cpu_us = Math.Round(cpu.Api * 1e6 / calls, 1),
            silo_cpu_us = Math.Round(cpu.Silo * 1e6 / calls, 1),
            postgres_cpu_us = Math.Round(cpu.Postgres * 1e6 / calls, 1),
        });
    }

    /// <summary>One loop per player for the warm-up and the measured time; what succeeded and how long each call took
    /// within the measured time, how many failed, and how many calls were made in all.</summary>
    private static async Task<(long Succeeded, List<double> Latencies, long Failed, long Calls)> DriveAsync(int players, Func<int, long, Task<bool>> call, bool pace, TimeSpan warmUp)
    {
        var clock = Stopwatch.StartNew();
        var (measureFrom, measureTo) = (warmUp, warmUp + Measured);
        var latencies = new List<double>[players];
        long succeeded = 0, failed = 0, nonce = 0;
        await Task.WhenAll(Enumerable.Range(0, players).Select(async i =>
        {
            latencies[i] = [];
            var random = new Random(i);
            // Players start spread over one pacing interval, as people do.
            await Task.Delay(pace ? random.Next(0, 230) : 0);
            while (clock.Elapsed < measureTo)
            {
                var started = clock.Elapsed;
                var ok = await call(i, Interlocked.Increment(ref nonce));
                var ended = clock.Elapsed;
                if (started >= measureFrom && ended <= measureTo)
                {
                    latencies[i].Add((ended - started).TotalMilliseconds);
                    Interlocked.Increment(ref ok ? ref succeeded : ref failed);
                }
                if (pace)
                {
                    var wait = TimeSpan.FromMilliseconds(200 + random.Next(0, 61)) - (ended - started);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
            }
        }));
        return (succeeded, latencies.SelectMany(l => l).ToList(), failed, Interlocked.Read(ref nonce));
    }

    private static HttpClient Client(int port, int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromMinutes(1),
    };

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private sealed record Plain(Microsoft.AspNetCore.Builder.WebApplication App, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private sealed record PlainBody(string? ClientNonce);

    private static async Task<Plain> PlainEndpointAsync()
    {
        var port = FreePort.Next();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/plain", (PlainBody body) => Results.Ok(new { outcome = "accepted", nonce = body.ClientNonce }));
        await app.StartAsync();
        return new Plain(app, port);
    }
}

/// <summary>
/// Kill verification against the wire-level fake of the Fortnite stats API, at the API's real limits (3 requests a
/// second, 180 a minute): how many players one pass verifies in its first minute, next to the limit itself, and the
/// busiest second and minute the fake saw (which must stay within the limits).
/// </summary>
internal static class VerifyBenchmark
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(PostgresServer postgres, int players)
    {
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        await using var fortnite = await Faucet.Tests.Fakes.FakeFortnite.StartAsync();
        cluster.Config.SetLine("integrations.yaml", "mode: ${FAUCET_FORTNITE_MODE", "mode: live");
        cluster.Config.SetLine("integrations.yaml", "fortnite_api_key", "fortnite_api_key: " + Faucet.Tests.Fakes.FakeFortnite.Key);
        cluster.Config.SetLine("integrations.yaml", "api_base: ${FAUCET_FORTNITE_API_BASE", "api_base: " + fortnite.Url);
        const int perMinute = 180, perSecond = 3, everyMinutes = 10;
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();

        for (var i = 0; i < players; i++)
        {
            var epic = $"{i:x8}c3d4e5f60718293a4b5c6d7e8f90";
            fortnite.Kills[epic] = 100 + i;
            var user = UserId.New(TimeProvider.System).Value;
            var player = client.Client.GetGrain<IPlayerGrain>(user);
            await player.CreateAsync("V", IdentityKey.Parse($"discord:{100000000000000000 + i}"));
            await player.RecordEpicLinkAsync(new EpicLink(EpicLinkStatus.Linked, epic, "v" + i, DateTimeOffset.UtcNow));
        }

        var verifier = client.Client.GetGrain<Faucet.Kills.IKillVerifierGrain>("default");
        var queued = await verifier.RunNowAsync();
        await Task.Delay(Window + TimeSpan.FromSeconds(5));
        var requests = fortnite.Requests.Select(r => r.At).Order().ToList();
        if (requests.Count == 0 || fortnite.Requests.Any(r => !fortnite.Kills.ContainsKey(r.Account)))
        {
            throw new InvalidOperationException($"the verifier sent {requests.Count} requests, some for accounts it was not given");
        }
        var first = requests[0];
        var inFirstMinute = requests.Count(at => at < first + Window);
        int Busiest(TimeSpan span) => requests.Select((at, i) => requests.Skip(i).TakeWhile(later => later < at + span).Count()).Max();

        IdentityClaimBenchmark.Print(new
        {
            benchmark = "verify",
            players,
            queued,
            verified_per_min = inFirstMinute,
            target_per_min = 50,
            peer = "api_limit_per_min",
            peer_per_min = perMinute,
            ratio = Math.Round(inFirstMinute / (double)perMinute, 3),
            busiest_second = Busiest(TimeSpan.FromSeconds(1)),
            limit_per_second = perSecond,
            busiest_minute = Busiest(Window),
            players_per_key_per_pass = perMinute * everyMinutes,
            pass_minutes = everyMinutes,
        });
    }
}

/// <summary>
/// The vanity search engine's keys per second on one core and on all, for a pattern no key matches, next to two peers
/// measured in the same run: (a) the naive loop (NSec creates a key, exports its public key, base58 as a string,
/// substring test) and (b) libsodium's seed-to-key-pair call alone, with no encoding or matching: the most any search
/// for standard keys can do. Three runs of each, medians. Then the latency of one gacha pull at the shipped candidate
/// budget.
/// </summary>
internal static class VanityBenchmark
{
    private static readonly TimeSpan Each = TimeSpan.FromSeconds(3);

    public static void Run()
    {
        Faucet.Vanity.VanityPattern.TryCompile(["zzzzzzzzzzzzzzzzzzzz"], false, false, out var never, out _);
        var cores = Environment.ProcessorCount;
        foreach (var threads in new[] { 1, cores }.Distinct())
        {
            var engine = Median(() => Engine(never!, threads));
            var raw = Median(() => OnThreads(threads, RawKeyPairs));
            var naive = Median(() => OnThreads(threads, NaiveKeys));
            IdentityClaimBenchmark.Print(new
            {
                benchmark = threads == 1 ? "vanity_one_core" : "vanity_all_cores",
                threads,
                keys_per_s = Math.Round(engine),
                peer = "raw_libsodium_seed_keypair",
                peer_per_s = Math.Round(raw),
                ratio = Math.Round(engine / raw, 3),
                naive_nsec_per_s = Math.Round(naive),
                vs_naive = Math.Round(engine / naive, 2),
            });
        }

        Faucet.Vanity.VanityPattern.TryCompile(["ban", "ana"], true, true, out var pull, out _);
        const long budget = 250_000;
        var latencies = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Faucet.Vanity.VanitySearch.Run(pull!, budget, 0, stopAtFullMatch: false, null, CancellationToken.None);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        IdentityClaimBenchmark.Print(new
        {
            benchmark = "vanity_pull",
            candidates = budget,
            threads = cores,
            p50_ms = Math.Round(latencies[1]),
            peer = "budget_at_raw_libsodium_rate_ms",
            peer_ms = Math.Round(budget / Median(() => OnThreads(cores, RawKeyPairs)) * 1000),
        });
    }

    private static double Median(Func<double> measure)
    {
        var runs = Enumerable.Range(0, 3).Select(_ => measure()).Order().ToList();
        return runs[1];
    }

    private static double Engine(Faucet.Vanity.VanityPattern pattern, int threads)
    {
        using var stop = new CancellationTokenSource(Each);
        var clock = Stopwatch.StartNew();
        var result = Faucet.Vanity.VanitySearch.Run(pattern, long.MaxValue, threads, stopAtFullMatch: true, null, stop.Token);
        return result.Attempts / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Keys per second of <paramref name="loop"/> run on <paramref name="threads"/> threads for the same time.</summary>
    private static double OnThreads(int threads, Func<DateTime, long> loop)
    {
        var until = DateTime.UtcNow + Each;
        var counts = new long[threads];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => counts[t] = loop(until))).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static unsafe long RawKeyPairs(DateTime until)
    {
        byte* seed = stackalloc byte[32];
        byte* publicKey = stackalloc byte[32];
        byte* secretKey = stackalloc byte[64];
        System.Security.Cryptography.RandomNumberGenerator.Fill(new Span<byte>(seed, 32));
        long count = 0;
        while (DateTime.UtcNow < until)
        {
            for (var i = 0; i < 1024; i++)
            {
                (*(ulong*)seed)++;
                Faucet.Vanity.Sodium.SeedKeyPair(publicKey, secretKey, seed);
            }
            count += 1024;
        }
        return count;
    }

    private static long NaiveKeys(DateTime until)
    {
        var algorithm = NSec.Cryptography.SignatureAlgorithm.Ed25519;
        long count = 0;
        while (DateTime.UtcNow < until)
        {
            for (var i = 0; i < 256; i++)
            {
                using var key = NSec.Cryptography.Key.Create(algorithm, new NSec.Cryptography.KeyCreationParameters { ExportPolicy = NSec.Cryptography.KeyExportPolicies.AllowPlaintextExport });
                var did = "did:key:z" + Faucet.Vanity.Base58.Encode([0xED, 0x01, .. key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey)]);
                if (did.Contains("zzzzzzzzzzzzzzzzzzzz", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("a key matched a pattern chosen never to match");
                }
            }
            count += 256;
        }
        return count;
    }
}
