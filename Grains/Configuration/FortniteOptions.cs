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

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.HttpUrl("api_base", ApiBase),
        OptionChecks.AtLeast("requests_per_minute", RequestsPerMinute, 1),
        OptionChecks.Between("requests_per_second", RequestsPerSecond, 1, Math.Max(1, RequestsPerMinute)));
}
