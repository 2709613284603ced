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

    /// <summary>Where the player's browser is sent to approve the sign-in.</summary>
    public string AuthorizeUrl { get; set; } = "https://discord.com/oauth2/authorize";

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.HttpUrl("discord_redirect_uri", DiscordRedirectUri),
        OptionChecks.HttpUrl("api_base", ApiBase),
        OptionChecks.HttpUrl("authorize_url", AuthorizeUrl),
        OauthScopes.Contains("identify") ? null : ("oauth_scopes", "must include identify (the player's Discord id comes from it)"),
        OptionChecks.Required("discord_oauth_client_id", DiscordOauthClientId, Mode == IntegrationMode.Live, "when mode is live"),
        OptionChecks.Required("discord_guild_id", DiscordGuildId, Mode == IntegrationMode.Live, "when mode is live"));
}
