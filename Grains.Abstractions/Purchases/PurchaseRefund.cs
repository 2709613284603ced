namespace Faucet.Purchases;

/// <param name="Decision">What the refund came to.</param>
// Id 1 was a bool and stays unused, so an answer from an older silo is never read as a decision.
[GenerateSerializer, Immutable, Alias("faucet.PurchaseRefund")]
public sealed record PurchaseRefund([property: Id(0)] PurchaseView Purchase, [property: Id(2)] PurchaseRefundDecision Decision)
{
    /// <summary>Whether this call made the refund (false when it was refunded before, or is not refunded here).</summary>
    public bool RefundedNow => Decision == PurchaseRefundDecision.Refunded;
}
