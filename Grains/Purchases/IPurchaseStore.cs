namespace Faucet.Purchases;

/// <summary>The <c>purchases</c> table: each purchase as it is now.</summary>
public interface IPurchaseStore
{
    Task RecordAsync(PurchaseView purchase, string? checkoutRef, string? paymentRef, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>The purchase paid by the provider's payment <paramref name="paymentRef"/>, if one was.</summary>
    Task<string?> PurchaseOfPaymentAsync(string paymentRef, CancellationToken cancellationToken);
}
