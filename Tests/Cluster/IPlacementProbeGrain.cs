namespace Faucet.Tests.Cluster;

[Alias("faucet.tests.IPlacementProbeGrain")]
public interface IPlacementProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The silo this activation lives on.</summary>
    [Alias("GetSilo")]
    Task<string> GetSiloAsync();
}
