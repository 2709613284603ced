using Faucet.Identities;
using Faucet.Integrations.Discord;
using Faucet.Players;
using Orleans.Concurrency;

namespace Faucet.Sessions;

/// <summary>Holds nothing of its own (the player's sign-in is the <see cref="ISignInDeskGrain"/>'s), so any silo can run
/// it, and it is reentrant: a slow Discord holds up only the sign-ins waiting on it, not those queued behind them.</summary>
[StatelessWorker]
[Reentrant]
public sealed class DiscordSignInGrain(IDiscordOAuth discord) : Grain, IDiscordSignInGrain
{
    private static readonly TimeSpan ExchangeDeadline = TimeSpan.FromSeconds(20);

    public Task<string> AuthorizeUrlAsync(string state) => Task.FromResult(discord.AuthorizeUrl(state).ToString());

    public async Task<DiscordSignIn> SignInAsync(string code, SignUpProof? proof)
    {
        DiscordUser user;
        // Well inside the caller's 30-second grain call timeout, so a slow Discord is answered as Discord's failure (and
        // no sign-in is made that nobody receives).
        using var deadline = new CancellationTokenSource(ExchangeDeadline);
        try
        {
            user = await discord.SignInAsync(code, deadline.Token);
        }
        catch (DiscordSignInException e)
        {
            return new DiscordSignIn(e.Refused ? DiscordSignInStatus.CodeRefused : DiscordSignInStatus.DiscordUnavailable, null, e.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new DiscordSignIn(DiscordSignInStatus.DiscordUnavailable, null,
                "Discord did not answer in time; try again.");
        }
        if (!user.InGuild)
        {
            return new DiscordSignIn(DiscordSignInStatus.NotAMember, null, null);
        }
        // A Discord name is the player's choice and may carry anything; a display name is visible characters only.
        var name = new string(user.Name.Where(c => !char.IsControl(c)).Take(PlayerProfile.MaxDisplayNameLength).ToArray()).Trim();
        var signIn = await GrainFactory.GetGrain<ISignInDeskGrain>(0)
            .SignInAsync(IdentityKey.Parse("discord:" + user.Id), name.Length == 0 ? "discord " + user.Id[^6..] : name, proof);
        return signIn.SignedIn is { } signedIn
            ? new DiscordSignIn(DiscordSignInStatus.SignedIn, signedIn, null)
            : new DiscordSignIn(DiscordSignInStatus.ProofOfWorkNeeded, null,
                signIn.Proof switch
                {
                    SignUpProofVerdict.AlreadyUsed => "This proof of work made a player before; solve a new one.",
                    SignUpProofVerdict.Expired => "The proof of work expired on the way; solve a new one.",
                    _ => "New players solve a proof of work first.",
                });
    }
}
