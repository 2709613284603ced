namespace Faucet.Payouts;

/// <summary>What an operator's retry did, and the payout after it (null when there is none).</summary>
[GenerateSerializer, Immutable, Alias("faucet.PayoutRetry")]
public sealed record PayoutRetry(
    [property: Id(0)] PayoutRetryDecision Decision,
    [property: Id(1)] PayoutView? Payout);
