using System.Security.Cryptography;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Faucet.Sessions;

/// <summary>Holds nothing of its own: each sign-in's rules are its <see cref="ISignInGrain"/>'s, so any silo can run
/// this.</summary>
[StatelessWorker]
public sealed class SignInDeskGrain(
    IRefreshTokenStore tokens,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISignInDeskGrain
{
    public async Task<IdentitySignIn> SignInAsync(IdentityKey identity, string displayName, SignUpProof? proof)
    {
        if (await GrainFactory.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync() is { } owner)
        {
            return new IdentitySignIn(SignUpProofVerdict.Accepted, await StartAsync(owner));
        }
        if (await SignUpProofs.SpendAsync(GrainFactory, integrations, proof) is not SignUpProofVerdict.Accepted and var refused)
        {
            return new IdentitySignIn(refused, null);
        }
        var user = UserId.New(time);
        var created = await GrainFactory.GetGrain<IPlayerGrain>(user.Value).CreateAsync(displayName, identity);
        // Two first sign-ins at once: the one that claimed the identity first owns it.
        return new IdentitySignIn(SignUpProofVerdict.Accepted,
            await StartAsync(created.Status == PlayerCreationStatus.IdentityTaken ? created.IdentityOwner!.Value : user));
    }

    public async Task<bool> NeedsProofAsync(IdentityKey identity) =>
        integrations.Sessions.SignupProofOfWork > 0 && await GrainFactory.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync() is null;

    public async Task<StartedSignIn> StartAsync(UserId user)
    {
        var session = Guid.NewGuid();
        return new StartedSignIn(user, session, await GrainFactory.GetGrain<ISignInGrain>(session).StartAsync(user));
    }

    public async Task<RefreshOutcome> RefreshAsync(string refreshToken) =>
        await tokens.SessionOfAsync(refreshToken, CancellationToken.None) is { } session
            ? await GrainFactory.GetGrain<ISignInGrain>(session).RotateAsync(refreshToken)
            : new RefreshOutcome(RefreshStatus.Invalid, null, null, null);

    public async Task<Guid?> EndAsync(string refreshToken)
    {
        if (await tokens.SessionOfAsync(refreshToken, CancellationToken.None) is not { } session)
        {
            return null;
        }
        await GrainFactory.GetGrain<ISignInGrain>(session).EndAsync();
        return session;
    }

    public Task<IReadOnlyList<EndedSignIn>> EndedWithinAsync(TimeSpan window) => tokens.EndedWithinAsync(window, CancellationToken.None);

    public async Task<WalletChallenge?> ChallengeAsync(string domain, IdentityKey did) =>
        await GrainFactory.GetGrain<IWalletChallengeGrain>(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))).IssueAsync(domain, did) is { } challenge
            ? challenge with { ProofOfWorkNeeded = await NeedsProofAsync(did) }
            : null;
}
