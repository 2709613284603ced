namespace Faucet.Purchases;

/// <summary>PENDING → PROCESSING → COMPLETED | FAILED | CANCELLED, and COMPLETED → REFUNDED.</summary>
[GenerateSerializer, Alias("faucet.PurchaseStatus")]
public enum PurchaseStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
    Refunded,
}
