using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Faucet.Identities;
using Faucet.Players;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;
using Npgsql;

// Each benchmark prints one JSON line: its median over measured rounds, the peer it is compared with
// (measured in the same run, on the same database server), and the ratio.
const int Rounds = 5;
const int OperationsPerRound = 2000;
const int Concurrency = 16;

await using var postgres = await PostgresServer.StartAsync();
var database = await postgres.CreateDatabaseAsync();
await using var silo = await SiloProcess.StartAsync(database);
await using var client = await ClientProcess.StartAsync(database);
await using var direct = NpgsqlDataSource.Create(database);
await using (var create = direct.CreateCommand("CREATE TABLE peer_claims (identity text PRIMARY KEY, owner text NOT NULL)"))
{
    await create.ExecuteNonQueryAsync();
}

// A first claim of a fresh identity: the grain activates, reads its (absent) state and writes the claim.
async Task ClaimThroughClusterAsync(int i, string round)
{
    var identity = client.Client.GetGrain<IIdentityGrain>($"email:c{round}.{i}@bench.example");
    var claim = await identity.ClaimAsync(new UserId("01BENCH" + i.ToString("D19", CultureInfo.InvariantCulture)));
    if (!claim.Granted)
    {
        throw new InvalidOperationException("a fresh identity was refused");
    }
}

// The same durable work without the cluster: read the row, then insert it, as two statements.
async Task ClaimDirectlyAsync(int i, string round)
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
    write.Parameters.AddWithValue("o", "01BENCH" + i.ToString("D19", CultureInfo.InvariantCulture));
    await write.ExecuteNonQueryAsync();
}

var cluster = await MeasureAsync(ClaimThroughClusterAsync);
var peer = await MeasureAsync(ClaimDirectlyAsync);
Report("identity_first_claim", cluster, "npgsql_select_then_insert", peer);
return 0;

static async Task<List<double>> MeasureAsync(Func<int, string, Task> operation)
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
        stopwatch.Stop();
        if (round > 0)
        {
            rates.Add(OperationsPerRound / stopwatch.Elapsed.TotalSeconds);
        }
    }
    return rates;
}

static void Report(string name, List<double> rates, string peerName, List<double> peerRates)
{
    var median = Median(rates);
    var peerMedian = Median(peerRates);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        benchmark = name,
        unit = "ops/s",
        median = Math.Round(median, 1),
        rounds = rates.Select(r => Math.Round(r, 1)),
        peer = peerName,
        peer_median = Math.Round(peerMedian, 1),
        ratio = Math.Round(median / peerMedian, 3),
        concurrency = Concurrency,
        operations_per_round = OperationsPerRound,
    }));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
