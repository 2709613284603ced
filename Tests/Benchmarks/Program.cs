using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Npgsql;

// Usage: Faucet.Benchmarks [identity] [settle [players]]   (no arguments: identity, then settle with 1000 players)
// Each benchmark prints one JSON line with its figure, the peer it is compared with (measured in the same run,
// on the same database server) and the ratio.
var which = args.Length == 0 ? ["identity", "settle"] : args.Where(a => !a.All(char.IsAsciiDigit)).ToArray();
var players = args.FirstOrDefault(a => a.All(char.IsAsciiDigit)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1000;

await using var postgres = await PostgresServer.StartAsync();
if (which.Contains("identity"))
{
    await IdentityClaimBenchmark.RunAsync(postgres);
}
if (which.Contains("settle"))
{
    await SettleBenchmark.RunAsync(postgres, players);
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
/// wire-level fake node (1 ms latency), against the single-row insert rate of the same database.</summary>
internal static class SettleBenchmark
{
    public static async Task RunAsync(PostgresServer postgres, int players)
    {
        await using var cluster = await LiveNodeCluster.CreateAsync(postgres);
        cluster.Node.Latency = TimeSpan.FromMilliseconds(1);
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
        var number = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync()).Number;
        var round = client.Client.GetGrain<ISettlementRoundGrain>(number);
        RoundView view;
        while ((view = await round.GetAsync()).Status is RoundStatus.Paying or RoundStatus.NotStarted)
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
