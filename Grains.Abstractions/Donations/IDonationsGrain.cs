using Faucet.Boosts;
using Orleans.Concurrency;

namespace Faucet.Donations;

/// <summary>
/// The donations to the operator's donation address (one grain, key 0, for the cluster), and the only writer of
/// <c>donations</c>. It asks the node on its own pace for transfers into the address, records each once by its
/// send block, and answers the donors board and the donation milestone in force at a moment. The node's pace and
/// failures delay the board only: settlement never waits on this grain, and accruals ask it for what it holds.
/// </summary>
[Alias("faucet.IDonationsGrain")]
public interface IDonationsGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the reminder that keeps the grain watching exists (every silo calls it at start).</summary>
    [Alias("EnsureWatching")]
    Task EnsureWatchingAsync();

    /// <summary>The milestone boost in force at <paramref name="at"/>: the highest milestone that the donations recorded
    /// in that week up to <paramref name="at"/> reach. A donation recorded later is never dated at or before a moment
    /// this has already answered for, so an answer given stays true.</summary>
    [Alias("GetMilestoneBoost")]
    Task<BoostInForce?> GetMilestoneBoostAsync(DateTimeOffset at);

    [Alias("GetBoard")]
    Task<DonationBoard> GetBoardAsync();

    /// <summary>Looks at the donation address now rather than at the next look (a donor says they have sent), as the
    /// grain's own watch does: interleaved with answers, recording in a turn of its own. Audited as
    /// <paramref name="actor"/>'s.</summary>
    [AlwaysInterleave, Alias("LookNow")]
    Task<DonationLook> LookNowAsync(string actor);
}
