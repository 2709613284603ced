namespace Faucet.Payouts;

/// <param name="Payout">The payout, when one was recorded; null when the grant is still pending (a settlement round
/// reserved it first, and pays it under the caps).</param>
/// <param name="Created">The call made the request (a call repeated under the same key finds it).</param>
[GenerateSerializer, Immutable, Alias("faucet.ManualPayoutOutcome")]
public sealed record ManualPayoutOutcome(
    [property: Id(0)] ManualPayoutDecision Decision,
    [property: Id(1)] ManualPayoutRequest? Request,
    [property: Id(2)] PayoutView? Payout = null,
    [property: Id(3)] bool Created = false);
