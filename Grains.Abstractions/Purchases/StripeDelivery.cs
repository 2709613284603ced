namespace Faucet.Purchases;

/// <summary>What became of one delivery of Stripe's webhook.</summary>
/// <param name="Outcome">For a handled event: the purchase's status after it (pending, processing, completed, failed,
/// cancelled, refunded, disputed), ignored (an event that needs nothing), unknown_session, unknown_payment, or
/// already_handled; for a payment method a player added on Stripe's page: method_saved, method_already_saved, or
/// method_refused.</param>
[GenerateSerializer, Immutable, Alias("faucet.StripeDelivery")]
public sealed record StripeDelivery(
    [property: Id(0)] StripeDeliveryVerdict Verdict,
    [property: Id(1)] string? EventId,
    [property: Id(2)] string? Outcome,
    [property: Id(3)] string? PurchaseId);
