using Faucet.Configuration;

namespace Faucet.Integrations.Discord;

/// <summary>
/// SIMULATED Discord, for the local demo: no Discord is asked. The "approval page" is the callback itself with the
/// code <c>simulated</c>, and every sign-in is the same demo player, who is in the guild.
/// </summary>
public sealed class SimulatedDiscordOAuth(DiscordOptions options) : IDiscordOAuth
{
    public const string Code = "simulated";
    public const string DemoUserId = "100000000000000001";

    public Uri AuthorizeUrl(string state) => new(options.DiscordRedirectUri + "?code=" + Code + "&state=" + Uri.EscapeDataString(state));

    public Task<DiscordUser> SignInAsync(string code, CancellationToken cancellationToken) =>
        code == Code
            ? Task.FromResult(new DiscordUser(DemoUserId, "Demo player (simulated Discord)", InGuild: true))
            : throw new DiscordSignInException("The simulated Discord only knows the code 'simulated'.", refused: true);
}
