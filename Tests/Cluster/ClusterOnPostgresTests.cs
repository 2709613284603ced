using Faucet.Identities;
using Faucet.Players;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class ClusterOnPostgresTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_grains_state_survives_a_silo_restart()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var user = UserId.New(TimeProvider.System);
        var identity = IdentityKey.Parse("email:restart@example.org");

        await using (var silo = await SiloProcess.StartAsync(database))
        await using (var client = await ClientProcess.StartAsync(database))
        {
            var created = await client.Client.GetGrain<IPlayerGrain>(user.Value).CreateAsync("Restart", identity);
            Assert.Equal(PlayerCreationStatus.Created, created.Status);
        }

        await using var restarted = await SiloProcess.StartAsync(database);
        await using var again = await ClientProcess.StartAsync(database);
        var profile = await again.Client.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync();
        Assert.NotNull(profile);
        Assert.Equal("Restart", profile.DisplayName);
        Assert.Equal(user, await again.Client.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync());
        Assert.True(await Sql.CountAsync(database, "SELECT count(*) FROM orleans_storage WHERE payload IS NOT NULL") >= 2);
    }

    [Fact]
    public async Task A_reminder_registered_through_the_ado_net_provider_fires_until_it_is_unregistered()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database, "--Faucet:Reminders:MinimumReminderPeriod=00:00:01");
        await using var client = await ClientProcess.StartAsync(database);
        var probe = client.Client.GetGrain<IReminderProbeGrain>("probe");

        await probe.StartAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_reminders WHERE reminder_name = 'probe'"));
        await Eventually.HoldsAsync(async () => await probe.GetTicksAsync() >= 2, Patience, "the reminder ticked twice");

        await probe.StopAsync();
        Assert.Equal(0, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_reminders WHERE reminder_name = 'probe'"));
    }

    [Fact]
    public async Task Two_silos_and_a_client_form_one_cluster_that_keeps_serving_when_a_silo_stops()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var first = await SiloProcess.StartAsync(database);
        try
        {
            await using var second = await SiloProcess.StartAsync(database);
            await using var client = await ClientProcess.StartAsync(database);

            var management = client.Client.GetGrain<IManagementGrain>(0);
            await Eventually.HoldsAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Patience, "both silos are active");
            Assert.Equal(2, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_membership WHERE status = 3"));

            // Calls through the one client reach grains on either silo.
            var probes = Enumerable.Range(0, 40).Select(i => client.Client.GetGrain<IPlacementProbeGrain>(i)).ToList();
            var before = await Task.WhenAll(probes.Select(p => p.GetSiloAsync()));
            Assert.Equal(2, before.Select(SiloOf).Distinct().Count());

            var users = Enumerable.Range(0, 20).Select(_ => UserId.New(TimeProvider.System)).ToList();
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                var created = await client.Client.GetGrain<IPlayerGrain>(user.Value).CreateAsync($"P{i}", IdentityKey.Parse($"email:p{i}.{user.Value}@example.org"));
                Assert.Equal(PlayerCreationStatus.Created, created.Status);
            }

            await first.StopAsync();
            await Eventually.HoldsAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 1, Patience, "one silo is left active");

            // Every grain answers again, from the silo that is left; stored state came along.
            var after = await Task.WhenAll(probes.Select(p => p.GetSiloAsync()));
            Assert.Single(after.Select(SiloOf).Distinct());
            foreach (var user in users)
            {
                var profile = await client.Client.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync();
                Assert.NotNull(profile);
                Assert.Equal(user, profile.Id);
            }
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dead_silos_are_pruned_from_the_membership_table_even_with_votes_on_them_and_live_ones_kept()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var first = await SiloProcess.StartAsync(database);
        await using var second = await SiloProcess.StartAsync(database);
        await first.DisposeAsync();
        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_membership WHERE status = 6"));
        var membership = second.Services.GetRequiredService<IMembershipTable>();

        // As if the others had voted it dead: the votes stay on its row, written through the provider, and
        // must not keep the row from being pruned.
        var table = await membership.ReadAllAsync(CancellationToken.None);
        var (dead, etag) = table.Members.Single(m => m.Item1.Status == SiloStatus.Dead);
        var live = table.Members.Single(m => m.Item1.Status == SiloStatus.Active).Item1.SiloAddress;
        dead.AddSuspector(live, DateTime.UtcNow.AddMinutes(-1));
        Assert.True(await membership.UpdateRowAsync(dead, etag, table.Version.Next(), CancellationToken.None));
        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_membership WHERE status = 6 AND suspect_times <> ''"));

        await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.Equal(0, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_membership WHERE status = 6"));
        Assert.Equal(1, await Sql.CountAsync(database, "SELECT count(*) FROM orleans_membership WHERE status = 3"));
    }

    private static string SiloOf(string probeAnswer) => probeAnswer[(probeAnswer.IndexOf('@', StringComparison.Ordinal) + 1)..];
}
