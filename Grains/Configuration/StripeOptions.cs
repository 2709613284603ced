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

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (ApiBase.Length > 0 && !OptionChecks.IsHttpUrl(ApiBase))
        {
            yield return ("api_base", $"'{ApiBase}' is not an http(s) URL");
        }
    }
}
