using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.PaymentMethods;
using Faucet.Purchases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Stripe;
using Stripe.Checkout;

namespace Faucet.Integrations.Payments;

/// <summary>
/// Verifies Stripe's webhook deliveries and hands each verified event to the purchase it names: a Checkout Session's by
/// its reference, a charge's refund or dispute by the payment the purchase kept when it was paid; a setup-mode Checkout
/// Session's, where a player added a payment method, to that player's PaymentMethods grain. It holds no state (the
/// <c>stripe_events</c> table remembers what was handled, and the purchase grain moves each purchase only forward and
/// credits it once), so any silo can run it and concurrent deliveries of one event are safe.
/// </summary>
[StatelessWorker]
public sealed partial class StripeWebhookGrain(
    IStripeEventStore events,
    IPurchaseStore purchases,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<StripeWebhookGrain> logger) : Grain, IStripeWebhookGrain
{
    public async Task<StripeDelivery> ReceiveAsync(string payload, string signature)
    {
        if (integrations.Stripe.Mode != IntegrationMode.Live)
        {
            return new StripeDelivery(StripeDeliveryVerdict.NotLive, null, null, null);
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signature, integrations.Stripe.WebhookSecret,
                tolerance: 300, utcNow: time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefused(logger, e.Message);
            return new StripeDelivery(StripeDeliveryVerdict.Unverified, null, null, null);
        }

        if (await events.HandledAsync(stripeEvent.Id, CancellationToken.None))
        {
            return new StripeDelivery(StripeDeliveryVerdict.Handled, stripeEvent.Id, "already_handled", null);
        }
        string? purchaseId = null;
        var outcome = "ignored";
        if (stripeEvent.Data.Object is Session { Mode: "setup" } setup)
        {
            // Completed is a method added; expired added nothing.
            if (stripeEvent.Type == EventTypes.CheckoutSessionCompleted)
            {
                if (await MethodAddedAsync(setup) is not { } saved)
                {
                    return new StripeDelivery(StripeDeliveryVerdict.TryAgain, stripeEvent.Id, null, null);
                }
                outcome = saved;
            }
        }
        else if (stripeEvent.Data.Object is Session session && session.ClientReferenceId is { Length: > 0 } reference)
        {
            purchaseId = reference;
            (PurchaseStatus Status, string Detail)? says = stripeEvent.Type switch
            {
                EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded when session.PaymentStatus == "paid" =>
                    (PurchaseStatus.Completed, $"paid through Stripe Checkout {session.Id}"),
                EventTypes.CheckoutSessionCompleted => (PurchaseStatus.Processing, $"Stripe Checkout {session.Id} completed; the payment is on its way"),
                EventTypes.CheckoutSessionAsyncPaymentFailed => (PurchaseStatus.Failed, $"the payment of Stripe Checkout {session.Id} failed"),
                EventTypes.CheckoutSessionExpired => (PurchaseStatus.Cancelled, $"Stripe Checkout {session.Id} expired unpaid"),
                _ => null,
            };
            if (says is { } step)
            {
                outcome = await GrainFactory.GetGrain<IPurchaseGrain>(reference).CheckoutSaysAsync(session.Id, step.Status, step.Detail, session.PaymentIntentId) is { } now
                    ? now.Status.ToString().ToLowerInvariant()
                    : "unknown_session";
            }
        }
        else if (stripeEvent.Data.Object is PaymentIntent intent && intent.Metadata?.GetValueOrDefault(StripePaymentProvider.PurchaseMetadata) is { Length: > 0 } charged)
        {
            // A charge with a saved method: the PaymentIntent is the purchase's checkout.
            purchaseId = charged;
            (PurchaseStatus Status, string Detail)? says = stripeEvent.Type switch
            {
                EventTypes.PaymentIntentSucceeded => (PurchaseStatus.Completed, $"paid with the saved method through Stripe ({intent.Id})"),
                EventTypes.PaymentIntentProcessing => (PurchaseStatus.Processing, $"Stripe is processing the payment ({intent.Id})"),
                EventTypes.PaymentIntentPaymentFailed => (PurchaseStatus.Failed, $"the payment failed ({intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code ?? intent.Status})"),
                EventTypes.PaymentIntentCanceled => (PurchaseStatus.Cancelled, $"the payment was cancelled ({intent.Id})"),
                _ => null,
            };
            if (says is { } step)
            {
                outcome = await GrainFactory.GetGrain<IPurchaseGrain>(charged).CheckoutSaysAsync(intent.Id, step.Status, step.Detail, intent.Id) is { } now
                    ? now.Status.ToString().ToLowerInvariant()
                    : "unknown_session";
            }
        }
        else if (PaymentOf(stripeEvent) is { Length: > 0 } payment)
        {
            // Refunds and disputes name the payment, which the purchase kept when its session was paid.
            purchaseId = await purchases.PurchaseOfPaymentAsync(payment, CancellationToken.None);
            var purchase = purchaseId is null ? null : GrainFactory.GetGrain<IPurchaseGrain>(purchaseId);
            var now = (purchase, stripeEvent.Data.Object) switch
            {
                (null, _) => null,
                (_, Charge charge) => await purchase.ProviderRefundedAsync(payment, charge.AmountRefunded),
                (_, Dispute dispute) when stripeEvent.Type == EventTypes.ChargeDisputeCreated => await purchase.DisputeOpenedAsync(payment, dispute.Id, dispute.Amount),
                // Closed is won, lost, or an inquiry closed without the money taken (warning_closed): only lost keeps the tokens.
                (_, Dispute dispute) => await purchase.DisputeClosedAsync(payment, dispute.Id, dispute.Amount, won: dispute.Status != "lost"),
                _ => null,
            };
            outcome = now is null ? "unknown_payment" : now.Status.ToString().ToLowerInvariant();
        }
        // Recorded after handling: an event whose handling failed is handled again when Stripe delivers it again.
        await events.RecordAsync(stripeEvent.Id, stripeEvent.Type, purchaseId, time.GetUtcNow(), CancellationToken.None);
        return new StripeDelivery(StripeDeliveryVerdict.Handled, stripeEvent.Id, outcome, purchaseId);
    }

    /// <summary>
    /// Saves the method a player added on a setup-mode Checkout Session with their PaymentMethods grain, as its metadata
    /// says (the player, the type, whether it is the default): the outcome to answer, or null when Stripe did not answer
    /// the grain (the event is then left for Stripe's next delivery).
    /// </summary>
    private async Task<string?> MethodAddedAsync(Session setup)
    {
        var metadata = setup.Metadata ?? [];
        var (user, type) = (metadata.GetValueOrDefault(StripePaymentProvider.SetupUserMetadata), metadata.GetValueOrDefault(StripePaymentProvider.SetupTypeMetadata));
        if (user is not { Length: > 0 } || type is not ("card" or "debit" or "paypal") || setup.SetupIntentId is not { Length: > 0 } setupIntent)
        {
            LogSetupNotOurs(logger, setup.Id);
            return "ignored";
        }
        var answer = await GrainFactory.GetGrain<IPaymentMethodsGrain>(user).SaveSetupAsync(
            StripePaymentProvider.ProviderName, type, setupIntent, metadata.GetValueOrDefault(StripePaymentProvider.SetupDefaultMetadata) == "true");
        return answer.Outcome switch
        {
            PaymentMethodOutcome.Saved => "method_saved",
            PaymentMethodOutcome.AlreadySaved => "method_already_saved",
            PaymentMethodOutcome.ProviderUnavailable => null,
            _ => "method_refused",
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe Checkout {Session} in setup mode does not say which player added a method of which type: ignored")]
    private static partial void LogSetupNotOurs(ILogger logger, string session);

    /// <summary>The payment (PaymentIntent) a refund or dispute event is about; null for any other event.</summary>
    private static string? PaymentOf(Event stripeEvent) => (stripeEvent.Type, stripeEvent.Data.Object) switch
    {
        (EventTypes.ChargeRefunded, Charge charge) => charge.PaymentIntentId,
        (EventTypes.ChargeDisputeCreated or EventTypes.ChargeDisputeClosed, Dispute dispute) => dispute.PaymentIntentId,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Stripe webhook delivery was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
