namespace Faucet.Configuration;

/// <summary>Stripe Checkout for token purchases, or the simulated payment provider.</summary>
public sealed class StripeOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;

    [Secret]
    public string SecretKey { get; set; } = "";

    [Secret]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Empty for Stripe itself.</summary>
    public string ApiBase { get; set; } = "";

    /// <summary>Where Stripe Checkout sends the buyer back, paid or not; <c>{purchaseId}</c> is filled in.</summary>
    public string ReturnUrl { get; set; } = "http://localhost:8080/?purchase={purchaseId}";

    /// <summary>Where Stripe Checkout in setup mode sends a player back from adding a payment method; <c>{outcome}</c> is
    /// filled in with <c>saved</c> or <c>cancelled</c>.</summary>
    public string SetupReturnUrl { get; set; } = "http://localhost:8080/?payment-method={outcome}";

    /// <summary>Mode simulated: the share of payments (in percent) that succeed. Amounts ending in 01 to 04 cents always
    /// fail (insufficient funds, declined, network error, invalid payment method).</summary>
    public int SimulatedSuccessPercent { get; set; } = 100;

    /// <summary>Mode simulated: how long each step of a payment (pending to processing, processing to its end) takes.</summary>
    public int SimulatedDelayMs { get; set; } = 1500;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        ApiBase.Length > 0 ? OptionChecks.HttpUrl("api_base", ApiBase) : null,
        OptionChecks.HttpUrl("return_url", ReturnUrl),
        OptionChecks.HttpUrl("setup_return_url", SetupReturnUrl),
        OptionChecks.Between("simulated_success_percent", SimulatedSuccessPercent, 0, 100),
        OptionChecks.Between("simulated_delay_ms", SimulatedDelayMs, 0, 60_000));
}
