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

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!OptionChecks.IsHttpUrl(ApiBase))
        {
            yield return ("api_base", $"'{ApiBase}' is not an http(s) URL");
        }
        if (RequestsPerMinute < 1)
        {
            yield return ("requests_per_minute", $"must be at least 1 (got {RequestsPerMinute})");
        }
        if (RequestsPerSecond < 1 || RequestsPerSecond > RequestsPerMinute)
        {
            yield return ("requests_per_second", $"must be from 1 to requests_per_minute (got {RequestsPerSecond})");
        }
    }
}
