namespace Faucet.Configuration;

/// <summary>Yunite maps a Discord user to their Epic account.</summary>
public sealed class YuniteOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;

    [Secret]
    public string YuniteApiKey { get; set; } = "";

    public string YuniteGuildId { get; set; } = "";
    public string ApiBase { get; set; } = "https://yunite.xyz";

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.HttpUrl("api_base", ApiBase),
        OptionChecks.Required("yunite_guild_id", YuniteGuildId, Mode == IntegrationMode.Live, "when mode is live"));
}
