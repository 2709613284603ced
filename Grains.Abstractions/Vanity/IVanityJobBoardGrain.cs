namespace Faucet.Vanity;

/// <summary>The running jobs (key <c>default</c>), which every silo's search agent reads to find work.</summary>
[Alias("faucet.IVanityJobBoardGrain")]
public interface IVanityJobBoardGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string jobId);

    [Alias("Remove")]
    Task RemoveAsync(string jobId);

    [Alias("Running")]
    Task<IReadOnlyList<string>> RunningAsync();
}
