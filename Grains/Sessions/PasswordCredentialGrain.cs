using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

public sealed class PasswordCredentialGrain(
    IPasswordCredentialStore credentials,
    IAuditLog audit,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IPasswordCredentialGrain
{
    private string Email => this.GetPrimaryKeyString();

    private IdentityKey Identity => new("email:" + Email);

    public async Task<PasswordSignIn> RegisterAsync(string password, string? displayName, SignUpProof? proof)
    {
        if (await GrainFactory.GetGrain<IIdentityGrain>(Identity.Value).GetOwnerAsync() is not null)
        {
            return Taken;
        }
        switch (await SignUpProofs.SpendAsync(GrainFactory, integrations, proof))
        {
            case SignUpProofVerdict.Missing:
                return new PasswordSignIn(PasswordSignInStatus.ProofOfWorkMissing, null);
            case SignUpProofVerdict.AlreadyUsed:
                return new PasswordSignIn(PasswordSignInStatus.ProofOfWorkUsed, null);
            case SignUpProofVerdict.Expired:
                return new PasswordSignIn(PasswordSignInStatus.ProofOfWorkExpired, null);
        }
        // The credential first: if the player is not created after it, signing in with it creates them.
        var user = UserId.New(time);
        // Argon2id is tens of milliseconds of CPU: off the grain scheduler's threads.
        var hash = await Task.Run(() => PasswordHashes.Hash(password));
        if (!await credentials.AddAsync(Email, user, hash, time.GetUtcNow(), CancellationToken.None))
        {
            return Taken;
        }
        if ((await GrainFactory.GetGrain<IPlayerGrain>(user.Value).CreateAsync(displayName ?? NameFrom(Email), Identity)).Status == PlayerCreationStatus.IdentityTaken)
        {
            await credentials.RemoveAsync(Email, user, CancellationToken.None);
            return Taken;
        }
        return await SignedInAsync(user);
    }

    public async Task<PasswordSignIn> SignInAsync(string password)
    {
        var found = await credentials.FindAsync(Email, CancellationToken.None);
        if (!await Task.Run(() => PasswordHashes.Verify(password, found?.Hash)) || found is not { User: var user })
        {
            return new PasswordSignIn(PasswordSignInStatus.WrongCredentials, null);
        }
        // Finishes a registration that stopped between the credential and the player.
        if ((await GrainFactory.GetGrain<IPlayerGrain>(user.Value).CreateAsync(NameFrom(Email), Identity)).Status == PlayerCreationStatus.IdentityTaken)
        {
            return Taken;
        }
        return await SignedInAsync(user);
    }

    public Task RecordThrottledAsync(string by, string? clientHash) =>
        audit.RecordAsync("anonymous", "auth.login_throttled", by == "account" ? Identity.Value : null, new { by, client = clientHash }, CancellationToken.None);

    /// <summary>The display name a player registered by e-mail gets unless they choose one: the address's local part.</summary>
    private static string NameFrom(string email) => email[..Math.Min(email.IndexOf('@', StringComparison.Ordinal), PlayerProfile.MaxDisplayNameLength)];

    private static PasswordSignIn Taken => new(PasswordSignInStatus.EmailTaken, null);

    private async Task<PasswordSignIn> SignedInAsync(UserId user) =>
        new(PasswordSignInStatus.SignedIn, await GrainFactory.GetGrain<ISignInDeskGrain>(0).StartAsync(user));
}
