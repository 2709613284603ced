using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>The boost an accrual earned under: its name and multiplier, and what the accrual would have been without
/// it. The entry's amount is <see cref="Unboosted"/> times <see cref="Multiplier"/>, rounded down to the raw.</summary>
[GenerateSerializer, Immutable, Alias("faucet.RewardBoost")]
public sealed record RewardBoost(
    [property: Id(0)] string Name,
    [property: Id(1)] decimal Multiplier,
    [property: Id(2)] BanAmount Unboosted);
