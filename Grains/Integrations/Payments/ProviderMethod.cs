using Faucet.PaymentMethods;

namespace Faucet.Integrations.Payments;

/// <summary>What a provider says of a token for a method to keep: the method it stands for, or why not (with the method's
/// <see cref="ProviderRef"/> when the provider holds it for the player even so, to be forgotten there).</summary>
/// <param name="Fingerprint">The same for the same card or account however often it is tokenised.</param>
/// <param name="CustomerRef">The player's customer at the provider that now holds the method (Stripe), if any.</param>
public sealed record ProviderMethod(
    PaymentMethodOutcome Outcome,
    string? Detail = null,
    string? ProviderRef = null,
    string? Fingerprint = null,
    string? Brand = null,
    string? LastFour = null,
    string? Expiry = null,
    string? CustomerRef = null);
