namespace Faucet.Vanity;

/// <summary>
/// A guaranteed search, keyed by job id: escrows its price, then hands out slices of the search to the search workers
/// of every silo (each silo's search agent asks for them) until one reports a key with every part, which is sealed for
/// the owner. Attempts are stored with every report and a reminder keeps the job on the board, so a silo crash costs at
/// most the slices in flight.
/// </summary>
[Alias("faucet.IVanityJobGrain")]
public interface IVanityJobGrain : IGrainWithStringKey
{
    /// <summary>Prices the pattern by the pricing policy, escrows that many tokens of <paramref name="ownerId"/> (once per
    /// job id) and starts; refuses a pattern no job takes. The price is the job's to decide, never the caller's.</summary>
    [Alias("StartPriced")]
    Task<VanityJobStart> StartAsync(string ownerId, VanityRequest request);

    /// <summary>The next slice, or null when the job no longer runs.</summary>
    [Alias("TakeSlice")]
    Task<VanitySlice?> TakeSliceAsync();

    /// <summary>Records a slice's attempts (and a match); false when the job no longer runs.</summary>
    [Alias("Report")]
    Task<bool> ReportAsync(VanitySliceReport report);

    /// <summary>Cancels a running job of <paramref name="ownerId"/> and refunds by the stated rule; null if the job is
    /// not theirs.</summary>
    [Alias("Cancel")]
    Task<VanityJobView?> CancelAsync(string ownerId);

    /// <summary>The job, if it is <paramref name="ownerId"/>'s.</summary>
    [Alias("Get")]
    Task<VanityJobView?> GetAsync(string ownerId);

    /// <summary>The found key, if the job is <paramref name="ownerId"/>'s and found.</summary>
    [Alias("GetResult")]
    Task<ExportedKey?> GetResultAsync(string ownerId);
}
