using Faucet.Configuration;
using Faucet.Purchases;
using Stripe;
using Stripe.Checkout;

namespace Faucet.Integrations.Stripe;

/// <summary>
/// The live adapter, through Stripe.net: a payment-mode Checkout Session with one line item priced from our purchase
/// record, the purchase id as <c>client_reference_id</c>, and an idempotency key derived from the purchase id, so that a
/// retry after a lost answer gets the same session back instead of a second one.
/// </summary>
public sealed class StripeCheckout(StripeOptions options) : IStripeCheckout
{
    /// <summary>Well under Orleans' 30-second call timeout, so that a slow Stripe ends the call, not the caller's wait.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // Built on first use: a faucet that never sells through Stripe never needs a key.
    private readonly Lazy<StripeClient> client = new(() => new StripeClient(
        options.SecretKey,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = Timeout }, maxNetworkRetries: 2),
        apiBase: options.ApiBase.Length > 0 ? options.ApiBase : null));

    public async Task<(string SessionId, string Url)> CreateSessionAsync(PurchaseView purchase, string packageName, string returnUrl, CancellationToken cancellationToken)
    {
        var session = await new SessionService(client.Value).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = purchase.PurchaseId,
                SuccessUrl = returnUrl,
                CancelUrl = returnUrl,
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = purchase.Currency.ToLowerInvariant(),
                            UnitAmount = purchase.AmountMinor,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{packageName}: {purchase.Tokens} tokens" },
                        },
                    },
                ],
            },
            new RequestOptions { IdempotencyKey = "purchase-" + purchase.PurchaseId },
            cancellationToken);
        return (session.Id, session.Url);
    }
}
