using Faucet.Hosting;
using Faucet.Tests.Cluster;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tests.Simulation;

/// <summary>
/// What a simulation runs against: its own database on the shared PostgreSQL server, two silos built as the Silo program
/// builds them (grain storage and reminders in PostgreSQL, paying through the live node adapter with <c>dry_run</c> off),
/// an Orleans client that finds them through PostgreSQL, the wire-level fake Banano node (paying from two source accounts,
/// each sending one block at a time) and fake Stripe, and one clock (standing still between the schedule's jumps) that
/// every silo reads.
/// </summary>
public sealed class SimulationWorld : IAsyncDisposable
{
    private readonly SiloProcess?[] silos = new SiloProcess?[ScheduleGenerator.Silos];

    private SimulationWorld(LiveNodeCluster cluster, FakeStripe stripe, SettableClock clock)
    {
        Cluster = cluster;
        Stripe = stripe;
        Clock = clock;
    }

    public LiveNodeCluster Cluster { get; }

    public FakeBananoNode Node => Cluster.Node;

    public FakeStripe Stripe { get; }

    public SettableClock Clock { get; }

    public ClientProcess Client { get; private set; } = null!;

    public IClusterClient Grains => Client.Client;

    public string Database => Cluster.Database;

    /// <summary>The accounts rounds pay from.</summary>
    public IReadOnlyList<string> SourceAccounts { get; private set; } = [];

    /// <summary>Gives each source account <paramref name="raw"/>: the floor holds for their sum.</summary>
    public void FundSourceAccounts(UInt128 raw)
    {
        foreach (var account in SourceAccounts)
        {
            Node.Balances[account] = raw;
        }
    }

    public static async Task<SimulationWorld> StartAsync(PostgresServer postgres, DateTimeOffset start, string zone, IEnumerable<(string File, string Key, string Line)> settings)
    {
        var cluster = await LiveNodeCluster.CreateAsync(postgres);
        var stripe = await FakeStripe.StartAsync();
        var world = new SimulationWorld(cluster, stripe, new SettableClock(start, runs: false));
        try
        {
            await world.ConfigureAndStartAsync(zone, settings);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
        return world;
    }

    private async Task ConfigureAndStartAsync(string zone, IEnumerable<(string File, string Key, string Line)> settings)
    {
        var config = Cluster.Config;
        config.Replace("integrations.yaml", "  mode: ${FAUCET_STRIPE_MODE:-simulated} ", "  mode: live ");
        config.SetLine("integrations.yaml", "secret_key", "secret_key: " + FakeStripe.SecretKey);
        config.SetLine("integrations.yaml", "webhook_secret", "webhook_secret: " + FakeStripe.WebhookSecret);
        config.Replace("integrations.yaml", "  api_base: \"\"                    # empty: Stripe itself", "  api_base: " + Stripe.Url);
        config.SetLine("payout.yaml", "reset_tz", "reset_tz: " + zone);
        SourceAccounts = Cluster.UseSourceAccounts(2);
        // Short, but a chain all the same: an account's sends wait for one another, as on a node.
        Node.SendTime = TimeSpan.FromMilliseconds(5);
        foreach (var (file, key, line) in settings)
        {
            config.SetLine(file, key, line);
        }
        await StartEverySiloAsync();
        Client = await Cluster.StartClientAsync();
    }

    /// <summary>Stops the silo in <paramref name="slot"/> (abruptly: its shutdown cancelled at once, so its grains are not
    /// deactivated and nothing is written on the way out) and starts a new one in its place.</summary>
    public async Task RestartSiloAsync(int slot, bool abrupt)
    {
        if (silos[slot] is { } silo)
        {
            silos[slot] = null;
            await (abrupt ? silo.KillAsync() : silo.StopAsync());
            await silo.DisposeAsync();
        }
        silos[slot] = await StartSiloAsync();
    }

    /// <summary>Stops every silo, then starts them all again: how a change to the YAML files reaches the cluster.</summary>
    public async Task RestartAllAsync()
    {
        for (var slot = 0; slot < silos.Length; slot++)
        {
            if (silos[slot] is { } silo)
            {
                silos[slot] = null;
                await silo.DisposeAsync();
            }
        }
        await StartEverySiloAsync();
    }

    private async Task StartEverySiloAsync()
    {
        for (var slot = 0; slot < silos.Length; slot++)
        {
            silos[slot] = await StartSiloAsync();
        }
    }

    /// <summary>PostgreSQL ends every other session on the simulation's database, as a restart or failover of the server
    /// would: each pooled connection fails on its next use.</summary>
    public Task DropConnectionsAsync() =>
        Sql.ScalarAsync(Database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

    /// <summary>A new silo; one that fails to join (it may try to reach the silo just killed before the cluster has declared
    /// it dead) is started again.</summary>
    private async Task<SiloProcess> StartSiloAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Cluster.StartSiloAsync(clock: Clock);
            }
            catch (OrleansException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }
        foreach (var silo in silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
        await Stripe.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
