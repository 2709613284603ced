namespace Faucet.Configuration;

/// <summary>The Fortnite stats API that verifies kills, and the rate it allows.</summary>
public sealed class FortniteOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;

    [Secret]
    public string FortniteApiKey { get; set; } = "";

    public string ApiBase { get; set; } = "https://fortnite-api.com";
    public int RequestsPerMinute { get; set; } = 180;
    public int RequestsPerSecond { get; set; } = 3;

    /// <summary>How often the kill verifier starts a pass over the linked players.</summary>
    public int VerifyEveryMinutes { get; set; } = 10;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.HttpUrl("api_base", ApiBase),
        OptionChecks.AtLeast("requests_per_minute", RequestsPerMinute, 1),
        OptionChecks.Between("requests_per_second", RequestsPerSecond, 1, Math.Max(1, RequestsPerMinute)),
        OptionChecks.Between("verify_every_minutes", VerifyEveryMinutes, 1, 1440));
}
