namespace Faucet.PaymentMethods;

/// <summary>A saved payment method as its owner sees it: what the provider said of it, nothing that could pay.</summary>
/// <param name="Type">card, debit or paypal.</param>
/// <param name="Brand">visa, mastercard, amex, paypal, …</param>
/// <param name="LastFour">The card's last four digits; null for PayPal.</param>
/// <param name="Expiry">MM/YYYY; null for PayPal.</param>
[GenerateSerializer, Immutable, Alias("faucet.PaymentMethodView")]
public sealed record PaymentMethodView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Brand,
    [property: Id(3)] string? LastFour,
    [property: Id(4)] string? Expiry,
    [property: Id(5)] bool IsDefault,
    [property: Id(6)] DateTimeOffset CreatedAt);
