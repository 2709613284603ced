namespace Faucet.Integrations.Discord;

/// <summary>Discord's OAuth2 code flow: where to send the browser, and who came back with a code.</summary>
public interface IDiscordOAuth
{
    /// <summary>The page that asks the player to approve, carrying <paramref name="state"/> back to the callback.</summary>
    Uri AuthorizeUrl(string state);

    /// <summary>Exchanges the callback's code for the player's Discord user and guild membership.</summary>
    Task<DiscordUser> SignInAsync(string code, CancellationToken cancellationToken);
}
