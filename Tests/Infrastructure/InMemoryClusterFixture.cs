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
            silo.Services.AddSingleton(TimeProvider.System);
        }
    }
}
