using Faucet.Settlement;

namespace Faucet.Rewards;

/// <summary>A player's reward account with what the payout caps leave them now: the money part of their status.</summary>
[GenerateSerializer, Immutable, Alias("faucet.RewardStanding")]
public sealed record RewardStanding(
    [property: Id(0)] RewardBalance Balance,
    [property: Id(1)] CapsLeft Caps);
