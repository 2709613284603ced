using Faucet.Purchases;

namespace Faucet.Integrations.Payments;

/// <summary>The page where the buyer pays one purchase, or a charge made with a saved method.</summary>
/// <param name="Ref">The provider's own name for it (a Stripe Checkout Session or PaymentIntent id), which its
/// notifications carry.</param>
/// <param name="Url">Where the buyer is sent; null for a charge that needs nothing more of them.</param>
/// <param name="Now">For a charge: where it stands (processing, completed or failed; pending while the buyer must act),
/// with <paramref name="Detail"/>.</param>
public sealed record PaymentCheckout(string Ref, string? Url, PurchaseStatus? Now = null, string? Detail = null);
