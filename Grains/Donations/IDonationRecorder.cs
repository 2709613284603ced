namespace Faucet.Donations;

/// <summary>The Donations grain's own way of recording what its looks found, in a turn of its own, so a recording
/// never interleaves with an answer. Silos only: the Api's client cannot name it, so nobody outside can make up a
/// donation.</summary>
[Alias("faucet.IDonationRecorder")]
public interface IDonationRecorder : IGrainWithIntegerKey
{
    /// <summary>Records each of <paramref name="found"/> once, dated now (after every moment already answered for);
    /// returns how many were new.</summary>
    [Alias("Record")]
    Task<int> RecordAsync(IReadOnlyList<Donation> found);
}
