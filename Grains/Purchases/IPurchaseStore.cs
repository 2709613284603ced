namespace Faucet.Purchases;

/// <summary>The <c>purchases</c> table: each purchase as it is now.</summary>
public interface IPurchaseStore
{
    Task RecordAsync(PurchaseView purchase, string? checkoutRef, DateTimeOffset createdAt, CancellationToken cancellationToken);
}
