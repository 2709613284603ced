namespace Faucet.Vanity;

/// <summary>The running jobs (key <c>default</c>), which every silo's search agent reads to find work, and the search
/// rate each silo last measured.</summary>
[Alias("faucet.IVanityJobBoardGrain")]
public interface IVanityJobBoardGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string jobId);

    [Alias("Remove")]
    Task RemoveAsync(string jobId);

    [Alias("Running")]
    Task<IReadOnlyList<string>> RunningAsync();

    /// <summary>A silo's measured search rate (keys per second, all its cores), from a slice or a pull it just ran.</summary>
    [Alias("RecordRate")]
    Task RecordRateAsync(string silo, double keysPerSecond);

    /// <summary>The cluster's search rate: the sum of the latest rate of each silo that measured one in the last ten
    /// minutes; 0 when none did.</summary>
    [Alias("Rate")]
    Task<double> RateAsync();
}
