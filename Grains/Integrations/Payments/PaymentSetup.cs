namespace Faucet.Integrations.Payments;

/// <summary>The provider's page where a player adds a method to keep.</summary>
/// <param name="CustomerRef">The player's customer at the provider, who will hold the method (made for this page if the
/// player had none).</param>
/// <param name="Ref">The provider's own name for the page (a Stripe Checkout Session in setup mode).</param>
/// <param name="Url">Where the player is sent.</param>
public sealed record PaymentSetup(string CustomerRef, string Ref, string Url);
