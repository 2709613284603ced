using System.Net;
using Faucet.Configuration;
using Faucet.PaymentMethods;
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

    public async Task<PaymentCheckout?> OpenCheckoutAsync(PurchaseView purchase, string packageName, string returnUrl, SavedPaymentMethod? saved, CancellationToken cancellationToken)
    {
        if (saved is not null)
        {
            return await ChargeSavedAsync(purchase, packageName, returnUrl, saved, cancellationToken);
        }
        return await AskAsync(async () =>
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
        },
        e => throw new PaymentRefusedException("Stripe refused the checkout: " + e.Message, e),
        "Stripe did not open the checkout", cancellationToken);
    }

    public PaymentProgress? NextStep(PurchaseView purchase) => null;

    public Task<bool> CancelAsync(PurchaseView purchase, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> RefundAsync(PurchaseView purchase, string reason, CancellationToken cancellationToken) => Task.FromResult(false);

    public bool RefundsThroughFaucet => false;

    /// <summary>
    /// Attaches the PaymentMethod the buyer made with Stripe.js to their Customer, made first if they have none. A card
    /// saved as debit must be one; the fingerprint tells the same card saved twice.
    /// </summary>
    public async Task<ProviderMethod?> SaveMethodAsync(string userId, string? customerRef, string type, string token, CancellationToken cancellationToken) =>
        await AskAsync(async () =>
        {
            var customer = customerRef ?? await CreateCustomerAsync(userId, cancellationToken);
            var method = await new PaymentMethodService(client.Value).AttachAsync(token, new PaymentMethodAttachOptions { Customer = customer }, cancellationToken: cancellationToken);
            return Described(type, method, customer);
        },
        e => e.StripeError?.Type == "card_error"
            ? new ProviderMethod(PaymentMethodOutcome.Declined, e.StripeError.DeclineCode ?? e.StripeError.Code ?? "declined")
            : new ProviderMethod(PaymentMethodOutcome.InvalidToken, "Stripe knows no such payment method"),
        "Stripe did not save the method", cancellationToken);

    /// <summary>
    /// A Checkout Session in setup mode for the player's Customer (made first if they have none), offering cards or PayPal
    /// as <paramref name="type"/> asks. Its metadata names the player, the type and the default flag, which the
    /// <c>checkout.session.completed</c> event carries back to <see cref="StripeWebhookGrain"/>; an unfinished session
    /// expires by itself.
    /// </summary>
    public async Task<PaymentSetup?> OpenSetupAsync(string userId, string? customerRef, string type, bool makeDefault, string returnUrl, CancellationToken cancellationToken) =>
        await AskAsync(async () =>
        {
            var customer = customerRef ?? await CreateCustomerAsync(userId, cancellationToken);
            var session = await new SessionService(client.Value).CreateAsync(
                new SessionCreateOptions
                {
                    Mode = "setup",
                    Customer = customer,
                    AllowedPaymentMethodTypes = [type == "paypal" ? "paypal" : "card"],
                    SuccessUrl = returnUrl.Replace("{outcome}", "saved", StringComparison.Ordinal),
                    CancelUrl = returnUrl.Replace("{outcome}", "cancelled", StringComparison.Ordinal),
                    Metadata = new Dictionary<string, string>
                    {
                        [SetupUserMetadata] = userId,
                        [SetupTypeMetadata] = type,
                        [SetupDefaultMetadata] = makeDefault ? "true" : "false",
                    },
                },
                cancellationToken: cancellationToken);
            return new PaymentSetup(customer, session.Id, session.Url);
        },
        e => throw new PaymentRefusedException("Stripe refused to open the page: " + e.Message, e),
        "Stripe did not open the page to add a method", cancellationToken);

    /// <summary>The PaymentMethod a finished SetupIntent made, as a method of <paramref name="type"/> of the Customer
    /// (attached to it if the SetupIntent did not do so).</summary>
    public async Task<ProviderMethod> MethodOfSetupAsync(string customerRef, string type, string setupRef, CancellationToken cancellationToken) =>
        await AskAsync(async () =>
        {
            var setup = await new SetupIntentService(client.Value).GetAsync(setupRef, new SetupIntentGetOptions { Expand = ["payment_method"] }, cancellationToken: cancellationToken);
            if (setup.Status != "succeeded" || setup.PaymentMethod is not { } method)
            {
                return new ProviderMethod(PaymentMethodOutcome.InvalidToken, $"the setup {setup.Id} is {setup.Status}, not succeeded");
            }
            if (method.CustomerId != customerRef)
            {
                method = await new PaymentMethodService(client.Value).AttachAsync(method.Id, new PaymentMethodAttachOptions { Customer = customerRef }, cancellationToken: cancellationToken);
            }
            return Described(type, method, customerRef);
        },
        e => e.StripeError?.Type == "card_error"
            ? new ProviderMethod(PaymentMethodOutcome.Declined, e.StripeError.DeclineCode ?? e.StripeError.Code ?? "declined")
            : new ProviderMethod(PaymentMethodOutcome.InvalidToken, "Stripe knows no such setup"),
        "Stripe did not tell of the method", cancellationToken);

    /// <summary>The metadata of a setup-mode Checkout Session: the player who adds the method, its type, whether it is to
    /// be the default.</summary>
    public const string SetupUserMetadata = "faucet_user";
    public const string SetupTypeMetadata = "faucet_method_type";
    public const string SetupDefaultMetadata = "faucet_default";

    /// <summary>The player's Customer; its idempotency key is the player's, so that a retry finds the same one.</summary>
    private async Task<string> CreateCustomerAsync(string userId, CancellationToken cancellationToken) =>
        (await new CustomerService(client.Value).CreateAsync(
            new CustomerCreateOptions { Metadata = new Dictionary<string, string> { [SetupUserMetadata] = userId } },
            new RequestOptions { IdempotencyKey = "customer-" + userId }, cancellationToken)).Id;

    /// <summary>What a PaymentMethod of the customer is as a method of <paramref name="type"/>: a card asked for as debit
    /// must be one, and PayPal is PayPal. A refusal names the method too, which the customer now holds.</summary>
    private static ProviderMethod Described(string type, PaymentMethod method, string customer) => (type, method.Type) switch
    {
        ("paypal", "paypal") => new ProviderMethod(PaymentMethodOutcome.Saved, null, method.Id, "paypal:" + (method.Paypal?.PayerId ?? method.Id), "paypal", null, null, customer),
        ("card" or "debit", "card") when type == "card" || method.Card.Funding == "debit" => new ProviderMethod(PaymentMethodOutcome.Saved, null, method.Id,
            method.Card.Fingerprint ?? method.Id, method.Card.Brand, method.Card.Last4, $"{method.Card.ExpMonth:00}/{method.Card.ExpYear:0000}", customer),
        _ => new ProviderMethod(PaymentMethodOutcome.InvalidToken, $"the method is a {(method.Type == "card" ? method.Card.Funding + " card" : method.Type)}, not a {type} method",
            ProviderRef: method.Id),
    };

    public async Task ForgetMethodAsync(string providerRef, CancellationToken cancellationToken) =>
        await AskAsync<PaymentMethod?>(() => new PaymentMethodService(client.Value).DetachAsync(providerRef, cancellationToken: cancellationToken)!,
            _ => null, "Stripe did not forget the method", cancellationToken);

    /// <summary>
    /// Charges a saved method for the purchase: a PaymentIntent for our record's amount, confirmed at once with the
    /// buyer's PaymentMethod while they are here, its idempotency key derived from the purchase id, and the purchase id in
    /// its metadata for the webhook. Succeeded or processing says so; one that needs the buyer (3-D Secure) gives the URL
    /// where they finish it; a card Stripe declines fails the purchase.
    /// </summary>
    private async Task<PaymentCheckout?> ChargeSavedAsync(PurchaseView purchase, string packageName, string returnUrl, SavedPaymentMethod saved, CancellationToken cancellationToken) =>
        await AskAsync(async () =>
        {
            var intent = await new PaymentIntentService(client.Value).CreateAsync(
                new PaymentIntentCreateOptions
                {
                    Amount = purchase.AmountMinor,
                    Currency = purchase.Currency.ToLowerInvariant(),
                    Customer = saved.CustomerRef,
                    PaymentMethod = saved.ProviderRef,
                    Confirm = true,
                    ReturnUrl = returnUrl,
                    Description = $"{packageName}: {purchase.Tokens} tokens",
                    Metadata = new Dictionary<string, string> { [PurchaseMetadata] = purchase.PurchaseId },
                },
                new RequestOptions { IdempotencyKey = "purchase-" + purchase.PurchaseId },
                cancellationToken);
            return intent.Status switch
            {
                "succeeded" => new PaymentCheckout(intent.Id, null, PurchaseStatus.Completed, $"paid with the saved method through Stripe ({intent.Id})"),
                "processing" => new PaymentCheckout(intent.Id, null, PurchaseStatus.Processing, $"Stripe is processing the payment ({intent.Id})"),
                "requires_action" when intent.NextAction?.RedirectToUrl?.Url is { } url => new PaymentCheckout(intent.Id, url, PurchaseStatus.Pending,
                    "the bank asks the buyer to confirm the payment"),
                _ => new PaymentCheckout(intent.Id, null, PurchaseStatus.Failed, $"Stripe did not take the payment ({intent.Status})"),
            };
        },
        e => e.StripeError?.Type == "card_error"
            ? new PaymentCheckout(e.StripeError.PaymentIntent?.Id ?? "declined-" + purchase.PurchaseId, null, PurchaseStatus.Failed,
                "the card was declined: " + (e.StripeError.DeclineCode ?? e.StripeError.Code ?? "declined"))
            : throw new PaymentRefusedException("Stripe refused the payment: " + e.Message, e),
        "Stripe did not take the payment", cancellationToken);

    /// <summary>The PaymentIntent metadata key naming the purchase a charge with a saved method pays.</summary>
    public const string PurchaseMetadata = "faucet_purchase";

    /// <summary>Asks Stripe: a 4xx other than a concurrent request under the same idempotency key (409) or the rate limit
    /// (429), which answer the same request differently later, is this request's answer, turned into one by
    /// <paramref name="refused"/>; no answer (unless the caller gave up) is <see cref="PaymentProviderUnavailableException"/>.</summary>
    private static async Task<T> AskAsync<T>(Func<Task<T>> ask, Func<StripeException, T> refused, string unavailable, CancellationToken cancellationToken)
    {
        try
        {
            return await ask();
        }
        catch (StripeException e) when (e.HttpStatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                                         and not HttpStatusCode.Conflict and not HttpStatusCode.TooManyRequests)
        {
            return refused(e);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PaymentProviderUnavailableException($"{unavailable}: {e.Message}", e);
        }
    }
}
