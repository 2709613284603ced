using Orleans.Placement;

namespace Faucet.Tests.Cluster;

/// <summary>Placed at random, so that a few dozen of them land on every silo whatever the default placement prefers.</summary>
[RandomPlacement]
public sealed class PlacementProbeGrain : Grain, IPlacementProbeGrain
{
    public Task<string> GetSiloAsync() => Task.FromResult(this.GetGrainId().ToString() + "@" + RuntimeIdentity);
}
