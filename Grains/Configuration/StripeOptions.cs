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

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        ApiBase.Length > 0 ? OptionChecks.HttpUrl("api_base", ApiBase) : null);
}
