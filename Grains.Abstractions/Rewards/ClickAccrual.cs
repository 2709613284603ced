namespace Faucet.Rewards;

/// <param name="Entry">The entry this call appended, or null when there was nothing left to accrue.</param>
/// <param name="AccruedThrough">The player's clicks are accrued up to this click number (0: none yet).</param>
[GenerateSerializer, Immutable, Alias("faucet.ClickAccrual")]
public sealed record ClickAccrual(
    [property: Id(0)] RewardEntry? Entry,
    [property: Id(1)] long AccruedThrough);
