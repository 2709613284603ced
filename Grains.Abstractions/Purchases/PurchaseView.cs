namespace Faucet.Purchases;

/// <summary>A token purchase. <see cref="Tokens"/> and <see cref="AmountMinor"/> are the package's when it was bought:
/// what is credited comes from here, never from anything a payment provider sends.</summary>
/// <param name="Provider">simulated or stripe.</param>
/// <param name="Method">card, debit or paypal (the simulated provider); stripe for Stripe Checkout.</param>
/// <param name="CheckoutUrl">Where the buyer pays (Stripe Checkout); null for the simulated provider, which processes
/// the payment by itself.</param>
/// <param name="TokensTakenBack">Tokens taken back for refunds and a lost dispute (never more than the buyer had).</param>
/// <param name="RefundedMinor">Of the amount, what was given back to the buyer in all (refunds, partial or full).</param>
/// <param name="TokensHeld">Tokens held while a dispute is open.</param>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseView")]
public sealed record PurchaseView(
    [property: Id(0)] string PurchaseId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string PackageId,
    [property: Id(3)] long Tokens,
    [property: Id(4)] long AmountMinor,
    [property: Id(5)] string Currency,
    [property: Id(6)] string Provider,
    [property: Id(7)] string Method,
    [property: Id(8)] PurchaseStatus Status,
    [property: Id(9)] IReadOnlyList<PurchaseStep> History,
    [property: Id(10)] string? CheckoutUrl,
    [property: Id(11)] string? FailureReason,
    [property: Id(12)] long TokensTakenBack,
    [property: Id(13)] long RefundedMinor,
    [property: Id(14)] long TokensHeld);
