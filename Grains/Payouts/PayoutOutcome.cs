using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>What one attempt came to: <see cref="PayoutStatus.Sent"/> with its block, a final
/// <see cref="PayoutStatus.Failed"/> or <see cref="PayoutStatus.DryRun"/>, or still
/// <see cref="PayoutStatus.Pending"/> with the error and when to try next.</summary>
/// <param name="Attempts">The payout's attempt count when this attempt was made. An outcome is stored only while the
/// payout is still at that count: the answer to an older attempt never overrides a newer one's.</param>
public sealed record PayoutOutcome(
    string PayoutId,
    PayoutStatus Status,
    BlockHash? Block,
    string? Error,
    DateTimeOffset? NextAttemptAt,
    int Attempts,
    string Detail);
