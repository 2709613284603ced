using Faucet.Purchases;

namespace Faucet.Integrations.Stripe;

/// <summary>Stripe Checkout: a hosted payment page for one purchase.</summary>
public interface IStripeCheckout
{
    /// <summary>Creates (or, asked again for the same purchase, returns) the Checkout Session that pays
    /// <paramref name="purchase"/>: its id and the page the buyer is sent to.</summary>
    Task<(string SessionId, string Url)> CreateSessionAsync(PurchaseView purchase, string packageName, string returnUrl, CancellationToken cancellationToken);
}
