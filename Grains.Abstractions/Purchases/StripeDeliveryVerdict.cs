namespace Faucet.Purchases;

[GenerateSerializer, Alias("faucet.StripeDeliveryVerdict")]
public enum StripeDeliveryVerdict
{
    /// <summary>Verified and handled (or recognised as handled before).</summary>
    Handled,

    /// <summary>The signature does not verify for the body, is older than five minutes, or the event is of another API
    /// version: nothing changed.</summary>
    Unverified,

    /// <summary>stripe.mode is not live: there is no Stripe to hear from.</summary>
    NotLive,

    /// <summary>Verified, but handling it needed Stripe, which did not answer: nothing changed and the event is not
    /// recorded, so Stripe's next delivery handles it.</summary>
    TryAgain,
}
