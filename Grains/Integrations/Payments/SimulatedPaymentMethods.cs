using Faucet.PaymentMethods;

namespace Faucet.Integrations.Payments;

/// <summary>
/// The test tokens the simulated provider takes for a saved method, each standing for one made-up card or PayPal
/// account; <c>tok_chargeDeclined</c> is a card the provider refuses. Any other token is unknown to it. What is bought
/// with a saved method follows the simulated provider's usual rule (<see cref="SimulatedPayments"/>).
/// </summary>
public static class SimulatedPaymentMethods
{
    private sealed record TestMethod(string Type, string Brand, string? LastFour, string? Expiry);

    private static readonly Dictionary<string, TestMethod> Tokens = new(StringComparer.Ordinal)
    {
        ["tok_visa_4242"] = new("card", "visa", "4242", "12/2034"),
        ["tok_mastercard_4444"] = new("card", "mastercard", "4444", "08/2033"),
        ["tok_amex_0005"] = new("card", "amex", "0005", "03/2032"),
        ["tok_visa_debit_5556"] = new("debit", "visa", "5556", "11/2031"),
        ["tok_mastercard_debit_5556"] = new("debit", "mastercard", "5556", "06/2035"),
        ["tok_paypal"] = new("paypal", "paypal", null, null),
    };

    public const string DeclinedToken = "tok_chargeDeclined";

    /// <summary>The test tokens, for the player app's choice.</summary>
    public static IReadOnlyCollection<string> Known => Tokens.Keys;

    public static ProviderMethod Resolve(string type, string token)
    {
        if (token == DeclinedToken)
        {
            return new ProviderMethod(PaymentMethodOutcome.Declined, "the simulated provider declines this card");
        }
        if (!Tokens.TryGetValue(token, out var method))
        {
            return new ProviderMethod(PaymentMethodOutcome.InvalidToken, "the simulated provider knows no such token");
        }
        if (method.Type != type)
        {
            return new ProviderMethod(PaymentMethodOutcome.InvalidToken, $"the token is for a {method.Type} method, not a {type} one");
        }
        // One made-up card or account per token: the token is its fingerprint.
        return new ProviderMethod(PaymentMethodOutcome.Saved, null, "sim_" + token, token, method.Brand, method.LastFour, method.Expiry);
    }
}
