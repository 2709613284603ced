using Microsoft.Extensions.Logging;

namespace Faucet.Rewards;

/// <summary>
/// Tells the reward accounts of players whose journal entries or payouts a settlement round, a payout's attempt or a
/// manual payout committed, so that what they hold in memory for the player's status is read again. Best effort: a
/// word lost (the silo dies between the commit and this) leaves an account's status at most its memory limit old;
/// the money itself never depends on it.
/// </summary>
public sealed partial class RewardAccountChanges(IGrainFactory grains, ILogger<RewardAccountChanges> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public async Task TellAsync(IEnumerable<string> userIds)
    {
        try
        {
            // Bounded: an account on a silo that has just died would hold the round up until the call timed out, and its
            // memory limit makes good a word that never arrives.
            await Task.WhenAll(userIds.Distinct(StringComparer.Ordinal).Select(user => grains.GetGrain<IRewardAccountGrain>(user).JournalChangedAsync()))
                .WaitAsync(Patience);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotTold(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reward accounts were not all told of a change; their status is read again within their memory limit")]
    private static partial void LogNotTold(ILogger logger, Exception exception);
}
