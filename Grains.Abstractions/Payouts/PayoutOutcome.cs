using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>What one attempt came to: <see cref="PayoutStatus.Sent"/> with its block, a final
/// <see cref="PayoutStatus.Failed"/> or <see cref="PayoutStatus.DryRun"/>, or still
/// <see cref="PayoutStatus.Pending"/> with the error and when to try next.</summary>
/// <param name="Attempts">The payout's attempt count when this attempt was made. An outcome is stored only while the
/// payout is still at that count: the answer to an older attempt never overrides a newer one's.</param>
[GenerateSerializer, Immutable, Alias("faucet.PayoutOutcome")]
public sealed record PayoutOutcome(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] PayoutStatus Status,
    [property: Id(2)] BlockHash? Block,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset? NextAttemptAt,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string Detail);
