namespace Faucet.PaymentMethods;

/// <summary>A saved method as a purchase needs it: its view, and the provider that holds it under <see cref="ProviderRef"/>
/// (with Stripe, for the player's Customer <see cref="CustomerRef"/>).</summary>
[GenerateSerializer, Immutable, Alias("faucet.SavedPaymentMethod")]
public sealed record SavedPaymentMethod(
    [property: Id(0)] PaymentMethodView View,
    [property: Id(1)] string Provider,
    [property: Id(2)] string ProviderRef,
    [property: Id(3)] string Fingerprint,
    [property: Id(4)] string? CustomerRef = null);
