using System.Globalization;
using Faucet.Hosting;
using Faucet.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Faucet.Tests.Configuration;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Payouts;

/// <summary>
/// A database, a wire-level fake Banano node, and the configuration for silos that pay through the live node
/// adapter with <c>dry_run: false</c>, as in production.
/// </summary>
public sealed class LiveNodeCluster : IAsyncDisposable
{
    /// <summary>The site wallet sign-in messages name.</summary>
    public const string SignInDomain = "faucet.test";

    /// <summary>The node wallet the operator account is in.</summary>
    public const string WalletId = "test-wallet-0123456789";

    public const string Operator = "ban_1111111111111111111111111111111111111111111111111111hifc8npp";

    private readonly ConfigFiles config = new();

    private LiveNodeCluster(FakeBananoNode node, string database)
    {
        Node = node;
        Database = database;
        config.SetLine("integrations.yaml", "source_accounts", $"source_accounts: [{Operator}]");
        config.SetLine("integrations.yaml", "timeout_seconds", "timeout_seconds: 1");
        config.SetLine("payout.yaml", "max_payout_attempts", "max_payout_attempts: 3");
        // Tests wait on the Api by asking it ten times a second, past a player's 120 a minute in twelve seconds; the
        // per-player limit has tests of its own that set it.
        config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 100000");
        // Plenty in the operator wallet unless a test says otherwise: 1,000 BAN against the 50 BAN floor.
        node.Balances[Operator] = UInt128.Parse("100000000000000000000000000000000", CultureInfo.InvariantCulture);
    }

    public FakeBananoNode Node { get; }

    /// <summary>Pays from <paramref name="count"/> source accounts (the operator account first), each funded as the
    /// operator account is; returns them in the order configured.</summary>
    public IReadOnlyList<string> UseSourceAccounts(int count)
    {
        var sources = Enumerable.Range(0, count)
            .Select(i => i == 0 ? Operator : Faucet.Money.BananoAddress.FromPublicKey(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).Value)
            .ToList();
        config.SetLine("integrations.yaml", "source_accounts", $"source_accounts: [{string.Join(", ", sources)}]");
        foreach (var source in sources)
        {
            Node.Balances[source] = Node.Balances[Operator];
        }
        return sources;
    }

    public string Database { get; }

    public ConfigFiles Config => config;

    public static async Task<LiveNodeCluster> CreateAsync(PostgresServer postgres) =>
        new(await FakeBananoNode.StartAsync(), await postgres.CreateDatabaseAsync());

    /// <param name="clock">The clock the silo's grains read, instead of the system's.</param>
    /// <param name="reminderPeriod">The period of every reminder the grains register (a second unless a test says
    /// otherwise); one longer than the test leaves whatever must happen on time to the grains' timers.</param>
    /// <param name="extra">Settings of the test's own (an integration's address, say), after the cluster's.</param>
    public Task<SiloProcess> StartSiloAsync(bool dryRun = false, TimeProvider? clock = null, TimeSpan? reminderPeriod = null, IReadOnlyList<string>? extra = null) =>
        SiloProcess.StartAsync(Database, [.. SiloSettings(dryRun, reminderPeriod), .. extra ?? []], clock is null ? null : services => services.AddKeyedSingleton(FaucetClock.Key, clock));

    /// <summary>The same silo as a real child process, for tests that kill it outright.</summary>
    public ProgramProcess StartSiloProgram(params string[] settings) => StartSiloProgramOn(FreePort.Next(), settings);

    /// <summary>A silo program on a silo port of the test's choosing (to tell it by its address in the cluster).</summary>
    public ProgramProcess StartSiloProgramOn(int siloPort, params string[] settings) =>
        ProgramProcess.Start("Silo", FaucetProcessArgs.Silo(Database, siloPort, FreePort.Next(), [.. SiloSettings(dryRun: false), .. settings]));

    /// <summary>The Api of this cluster as a real child process on <paramref name="port"/> (its own file handles,
    /// its own memory to measure).</summary>
    public ProgramProcess StartApiProgram(int port, params string[] extra) =>
        ProgramProcess.Start("Api", FaucetProcessArgs.Api(Database, [.. SiloSettings(dryRun: false), "--urls=http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]));

    /// <summary>The Api of this cluster, configured as its silos are.</summary>
    public Task<Api.ApiProcess> StartApiAsync(params string[] extra) => Api.ApiProcess.StartAsync(Database, [.. SiloSettings(dryRun: false), .. extra]);

    /// <summary>A silo of this cluster (its node, its configuration) on another database: a restored backup, say.</summary>
    public Task<SiloProcess> StartSiloOnAsync(string database, bool dryRun = false) => SiloProcess.StartAsync(database, SiloSettings(dryRun));

    /// <summary>An Api of this cluster on another database.</summary>
    public Task<Api.ApiProcess> StartApiOnAsync(string database, bool dryRun = false) => Api.ApiProcess.StartAsync(database, SiloSettings(dryRun));

    private string[] SiloSettings(bool dryRun, TimeSpan? reminderPeriod = null) =>
    [
        "--Faucet:ConfigDirectory=" + config.Directory,
        "--Faucet:Reminders:MinimumReminderPeriod=" + (reminderPeriod ?? TimeSpan.FromSeconds(1)).ToString("c", CultureInfo.InvariantCulture),
        "--FAUCET_DRY_RUN=" + (dryRun ? "true" : "false"),
        "--FAUCET_BANANO_MODE=live",
        "--FAUCET_NODE_RPC=" + Node.Url,
        "--FAUCET_WALLET_ID=" + WalletId,
        "--FAUCET_SESSION_DOMAIN=" + SignInDomain,
        // A killed silo stops writing its heartbeat; with these the survivor counts it dead within seconds.
        "--Faucet:Membership:IAmAliveTablePublishTimeout=00:00:02",
        "--Faucet:Membership:NumMissedTableIAmAliveLimit=2",
        "--Faucet:Membership:ProbeTimeout=00:00:01",
    ];

    public Task<ClientProcess> StartClientAsync() => ClientProcess.StartAsync(Database);

    public async Task<string?> ScalarAsync(string sql) =>
        Convert.ToString(await Sql.ScalarAsync(Database, sql), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        config.Dispose();
    }
}
