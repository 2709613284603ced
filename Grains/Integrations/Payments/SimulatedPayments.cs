namespace Faucet.Integrations.Payments;

/// <summary>
/// How the simulated payment provider decides a payment: amounts ending in 01 to 04 cents always fail, each with its
/// reason, so that every failure can be shown on demand; any other amount succeeds with the configured probability.
/// </summary>
public static class SimulatedPayments
{
    public static readonly IReadOnlyList<string> Methods = ["card", "debit", "paypal"];

    /// <summary>Null for a payment that succeeds, else why it failed.</summary>
    public static string? FailureOf(long amountMinor, int successPercent, Random random) => (amountMinor % 100) switch
    {
        1 => "insufficient funds",
        2 => "card declined",
        3 => "network error",
        4 => "invalid payment method",
        _ => random.Next(100) < successPercent ? null : "declined by the simulated provider",
    };
}
