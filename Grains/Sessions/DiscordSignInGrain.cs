using Faucet.Identities;
using Faucet.Integrations.Discord;
using Faucet.Players;
using Orleans.Concurrency;

namespace Faucet.Sessions;

/// <summary>Holds nothing of its own (the player's sign-in is the <see cref="ISignInDeskGrain"/>'s), so any silo can run
/// this and a slow Discord holds up only its own caller.</summary>
[StatelessWorker]
public sealed class DiscordSignInGrain(IDiscordOAuth discord) : Grain, IDiscordSignInGrain
{
    public Task<string> AuthorizeUrlAsync(string state) => Task.FromResult(discord.AuthorizeUrl(state).ToString());

    public async Task<DiscordSignIn> SignInAsync(string code)
    {
        DiscordUser user;
        try
        {
            user = await discord.SignInAsync(code, CancellationToken.None);
        }
        catch (DiscordSignInException e)
        {
            return new DiscordSignIn(e.Refused ? DiscordSignInStatus.CodeRefused : DiscordSignInStatus.DiscordUnavailable, null, e.Message);
        }
        if (!user.InGuild)
        {
            return new DiscordSignIn(DiscordSignInStatus.NotAMember, null, null);
        }
        // A Discord name is the player's choice and may carry anything; a display name is visible characters only.
        var name = new string(user.Name.Where(c => !char.IsControl(c)).Take(PlayerProfile.MaxDisplayNameLength).ToArray()).Trim();
        var signedIn = await GrainFactory.GetGrain<ISignInDeskGrain>(0)
            .SignInAsync(IdentityKey.Parse("discord:" + user.Id), name.Length == 0 ? "discord " + user.Id[^6..] : name);
        return new DiscordSignIn(DiscordSignInStatus.SignedIn, signedIn, null);
    }
}
