namespace Faucet.Purchases;

/// <summary>PENDING → PROCESSING → COMPLETED | FAILED | CANCELLED; COMPLETED → REFUNDED (in full); COMPLETED → DISPUTED →
/// COMPLETED (won) | REFUNDED (lost).</summary>
[GenerateSerializer, Alias("faucet.PurchaseStatus")]
public enum PurchaseStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
    Refunded,
    Disputed,
}
