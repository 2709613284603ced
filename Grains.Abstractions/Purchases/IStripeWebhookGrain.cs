namespace Faucet.Purchases;

/// <summary>
/// Stripe's webhook deliveries. Each is verified (the <c>Stripe-Signature</c> HMAC over the raw body with
/// <c>stripe.webhook_secret</c>, a timestamp within five minutes, and the API version this build speaks); anything else
/// changes nothing. A paid <c>checkout.session.completed</c> (or <c>async_payment_succeeded</c>) completes the purchase
/// named by its <c>client_reference_id</c>, an unpaid one means the payment is on its way, <c>async_payment_failed</c>
/// fails it, an expired session cancels it. An event handled before is answered again and not handled twice.
/// </summary>
[Alias("faucet.IStripeWebhookGrain")]
public interface IStripeWebhookGrain : IGrainWithIntegerKey
{
    /// <param name="payload">The request body exactly as it arrived (the signature is over its bytes).</param>
    /// <param name="signature">The <c>Stripe-Signature</c> header.</param>
    [Alias("Receive")]
    Task<StripeDelivery> ReceiveAsync(string payload, string signature);
}
