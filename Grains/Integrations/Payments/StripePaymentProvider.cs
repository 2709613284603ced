using System.Net;
using Faucet.Configuration;
using Faucet.Purchases;
using Stripe;
using Stripe.Checkout;

namespace Faucet.Integrations.Payments;

/// <summary>
/// The live adapter, Stripe Checkout through Stripe.net: a payment-mode Checkout Session with one line item priced from
/// our purchase record, the purchase id as <c>client_reference_id</c>, and an idempotency key derived from the purchase
/// id, so that a retry after a lost answer gets the same session back instead of a second one. Stripe's webhook moves a
/// purchase on from there; an unpaid session expires by itself, and refunds are made in Stripe's dashboard.
/// </summary>
public sealed class StripePaymentProvider(StripeOptions options) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    /// <summary>Well under Orleans' 30-second call timeout, so that a slow Stripe ends the call, not the caller's wait.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // Built on first use: a faucet that never sells through Stripe never needs a key.
    private readonly Lazy<StripeClient> client = new(() => new StripeClient(
        options.SecretKey,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = Timeout }, maxNetworkRetries: 2),
        apiBase: options.ApiBase.Length > 0 ? options.ApiBase : null));

    public string Name => ProviderName;

    public TimeSpan? StepDelay => null;

    public string MethodFor(string requested) => ProviderName;

    public IReadOnlyList<string>? Methods => null;

    public async Task<PaymentCheckout?> OpenCheckoutAsync(PurchaseView purchase, string packageName, string returnUrl, CancellationToken cancellationToken)
    {
        try
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
            return new PaymentCheckout(session.Id, session.Url);
        }
        // A 409 is a concurrent request under the same idempotency key and a 429 is Stripe's rate limit: both answer the
        // same request differently later. Any other 4xx is the request itself.
        catch (StripeException e) when (e.HttpStatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                                         and not HttpStatusCode.Conflict and not HttpStatusCode.TooManyRequests)
        {
            throw new PaymentRefusedException("Stripe refused the checkout: " + e.Message, e);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PaymentProviderUnavailableException("Stripe did not open the checkout: " + e.Message, e);
        }
    }

    public PaymentProgress? NextStep(PurchaseView purchase) => null;

    public Task<bool> CancelAsync(PurchaseView purchase, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> RefundAsync(PurchaseView purchase, string reason, CancellationToken cancellationToken) => Task.FromResult(false);

    public bool RefundsThroughFaucet => false;

    // Saved methods through Stripe (a Customer per player, PaymentIntents confirmed with a saved PaymentMethod) are not
    // built yet: only the simulated provider keeps them.
    public Task<ProviderMethod?> SaveMethodAsync(string userId, string type, string token, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderMethod?>(null);
}
