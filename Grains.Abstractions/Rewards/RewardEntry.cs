using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>One entry of a player's reward journal; an accrual earned under a boost says which.</summary>
[GenerateSerializer, Immutable, Alias("faucet.RewardEntry")]
public sealed record RewardEntry(
    [property: Id(0)] long EntryNo,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] RewardEntryKind Kind,
    [property: Id(3)] BanAmount Amount,
    [property: Id(4)] long? Kills,
    [property: Id(5)] long? Round,
    [property: Id(6)] DateTimeOffset RecordedAt,
    [property: Id(7)] RewardBoost? Boost = null)
{
    /// <summary>Whether this entry records the same change as <paramref name="other"/> (ignoring its number and time).</summary>
    public bool SameChangeAs(RewardEntry other) =>
        IdempotencyKey == other.IdempotencyKey && Kind == other.Kind && Amount == other.Amount && Kills == other.Kills && Round == other.Round;
}
