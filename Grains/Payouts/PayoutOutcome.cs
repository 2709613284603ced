using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>What one attempt came to: <see cref="PayoutStatus.Sent"/> with its block, a final
/// <see cref="PayoutStatus.Failed"/> or <see cref="PayoutStatus.DryRun"/>, or still
/// <see cref="PayoutStatus.Pending"/> with the error and when to try next.</summary>
public sealed record PayoutOutcome(
    string PayoutId,
    PayoutStatus Status,
    BlockHash? Block,
    string? Error,
    DateTimeOffset? NextAttemptAt,
    string Detail);
