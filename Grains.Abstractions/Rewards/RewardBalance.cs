using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>A player's reward account at one moment.</summary>
[GenerateSerializer, Immutable, Alias("faucet.RewardBalance")]
public sealed record RewardBalance(
    [property: Id(0)] BanAmount Pending,
    [property: Id(1)] BanAmount Reserved,
    [property: Id(2)] BanAmount Paid,
    [property: Id(3)] long KillCursor,
    [property: Id(4)] long LastEntryNo);
