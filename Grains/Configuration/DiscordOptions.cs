namespace Faucet.Configuration;

/// <summary>Discord OAuth2 sign-in and the guild a player must belong to.</summary>
public sealed class DiscordOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;
    public string DiscordOauthClientId { get; set; } = "";

    [Secret]
    public string DiscordOauthClientSecret { get; set; } = "";

    /// <summary>The redirect URI registered with Discord; the only one the callback accepts.</summary>
    public string DiscordRedirectUri { get; set; } = "http://localhost:8080/auth/discord/callback";

    public string DiscordGuildId { get; set; } = "";
    public List<string> OauthScopes { get; set; } = ["identify", "guilds"];
    public string ApiBase { get; set; } = "https://discord.com/api/v10";

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!OptionChecks.IsHttpUrl(DiscordRedirectUri))
        {
            yield return ("discord_redirect_uri", $"'{DiscordRedirectUri}' is not an http(s) URL");
        }
        if (!OptionChecks.IsHttpUrl(ApiBase))
        {
            yield return ("api_base", $"'{ApiBase}' is not an http(s) URL");
        }
        if (!OauthScopes.Contains("identify"))
        {
            yield return ("oauth_scopes", "must include identify (the player's Discord id comes from it)");
        }
        if (Mode == IntegrationMode.Live)
        {
            if (DiscordOauthClientId.Length == 0)
            {
                yield return ("discord_oauth_client_id", "is required when mode is live");
            }
            if (DiscordGuildId.Length == 0)
            {
                yield return ("discord_guild_id", "is required when mode is live");
            }
        }
    }
}
