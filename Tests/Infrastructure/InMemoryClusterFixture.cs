using System.Collections.Concurrent;
using Faucet.Money;
using Faucet.Hosting;
using Faucet.Players;
using Faucet.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Faucet.Tests.Infrastructure;

/// <summary>An in-process test cluster with memory storage, for grain logic that needs no database.</summary>
public sealed class InMemoryClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 1)
        .AddSiloBuilderConfigurator<MemorySilo>()
        .Build();

    public IGrainFactory Grains => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class MemorySilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(FaucetSiloBuilderExtensions.StorageName);
            silo.Services.AddKeyedSingleton(FaucetClock.Key, TimeProvider.System);
            silo.Services.AddSingleton<IPlayerTables, MemoryPlayerTables>();
            var payout = new Faucet.Configuration.PayoutOptions();
            silo.Services.AddSingleton(payout);
            silo.Services.AddSingleton(new Faucet.Boosts.BoostSchedule(payout));
            silo.Services.AddSingleton(new Faucet.Configuration.IntegrationsOptions());
            silo.Services.AddSingleton(new Faucet.Configuration.ProductOptions());
            silo.Services.AddSingleton<Faucet.Integrations.Yunite.IYuniteLinks, Faucet.Integrations.Yunite.SimulatedYunite>();
            silo.Services.AddSingleton<Faucet.Audit.IAuditLog, MemoryAuditLog>();
        }
    }

    /// <summary>The audit_log table, for grain tests without a database: nothing these tests read.</summary>
    private sealed class MemoryAuditLog : Faucet.Audit.IAuditLog
    {
        public Task RecordAsync(string actor, string action, string? subject, object? detail, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The player_wallets table, for grain tests without a database.</summary>
    private sealed class MemoryPlayerTables : IPlayerTables
    {
        private readonly ConcurrentDictionary<UserId, BananoAddress> links = new();

        public Task RecordLinkAsync(UserId user, BananoAddress wallet, DateTimeOffset linkedAt, CancellationToken cancellationToken)
        {
            links[user] = wallet;
            return Task.CompletedTask;
        }

        public Task RecordEpicLinkAsync(UserId user, EpicLink link, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordProfileAsync(PlayerProfile profile, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordRegionAsync(UserId user, string region, DateOnly today, DateOnly keptSince, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordTermsAcceptanceAsync(UserId user, TermsAcceptance acceptance, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
