using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>What a caller asked of a reward account, before it became (or turned out to be) a journal entry.
/// Null parts are derived by the account (e.g. what a commit releases) and not compared on a repeat.</summary>
public sealed record RewardCommand(string IdempotencyKey, RewardEntryKind Kind, BanAmount? Amount = null, long? Kills = null, long? Round = null)
{
    /// <summary>Whether <paramref name="entry"/> is what this command made (or would make) the first time.</summary>
    public bool IsRepeatOf(RewardEntry entry) =>
        entry.IdempotencyKey == IdempotencyKey && entry.Kind == Kind
        && (Amount is null || Amount == entry.Amount)
        && (Kills is null || Kills == entry.Kills)
        && Round == entry.Round;
}
