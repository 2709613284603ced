namespace Faucet.Configuration;

/// <summary>Yunite maps a Discord user to their Epic account.</summary>
public sealed class YuniteOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;

    [Secret]
    public string YuniteApiKey { get; set; } = "";

    public string YuniteGuildId { get; set; } = "";
    public string ApiBase { get; set; } = "https://yunite.xyz";

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!OptionChecks.IsHttpUrl(ApiBase))
        {
            yield return ("api_base", $"'{ApiBase}' is not an http(s) URL");
        }
        if (Mode == IntegrationMode.Live && YuniteGuildId.Length == 0)
        {
            yield return ("yunite_guild_id", "is required when mode is live");
        }
    }
}
