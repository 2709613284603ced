namespace Faucet.Integrations.Payments;

/// <summary>The page where the buyer pays one purchase.</summary>
/// <param name="Ref">The provider's own name for it (a Stripe Checkout Session id), which its notifications carry.</param>
/// <param name="Url">Where the buyer is sent.</param>
public sealed record PaymentCheckout(string Ref, string Url);
