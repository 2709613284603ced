namespace Faucet.Vanity;

/// <summary>Runs a slice of a search on the search engine's threads of the silo it is called on (a stateless worker,
/// so each silo's agent gets its own).</summary>
[Alias("faucet.IVanitySearchWorkerGrain")]
public interface IVanitySearchWorkerGrain : IGrainWithIntegerKey
{
    [Alias("Search")]
    Task<VanitySliceReport> SearchAsync(VanitySlice slice);
}
