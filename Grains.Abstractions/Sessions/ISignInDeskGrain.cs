using Faucet.Identities;
using Faucet.Players;

namespace Faucet.Sessions;

/// <summary>
/// Where sign-ins begin and where a refresh token finds its sign-in (key 0). A sign-in with an identity finds the
/// player who owns it, or creates one on the identity's first sign-in.
/// </summary>
[Alias("faucet.ISignInDeskGrain")]
public interface ISignInDeskGrain : IGrainWithIntegerKey
{
    /// <summary>Signs the identity's player in; on the identity's first sign-in, makes the player, spending
    /// <paramref name="proof"/> when <c>sessions.signup_proof_of_work</c> asks for one.</summary>
    [Alias("SignInWithProof")]
    Task<IdentitySignIn> SignInAsync(IdentityKey identity, string displayName, SignUpProof? proof);

    /// <summary>Whether a sign-in with the identity now would make a new player who must bring a proof of work.</summary>
    [Alias("NeedsProof")]
    Task<bool> NeedsProofAsync(IdentityKey identity);

    [Alias("Start")]
    Task<StartedSignIn> StartAsync(UserId user);

    /// <summary>Rotates the token within its sign-in; Invalid when no sign-in knows it.</summary>
    [Alias("Refresh")]
    Task<RefreshOutcome> RefreshAsync(string refreshToken);

    /// <summary>Ends the sign-in the token belongs to: its id, or null when the token is unknown.</summary>
    [Alias("EndByToken")]
    Task<Guid?> EndAsync(string refreshToken);

    /// <summary>The sign-ins ended within <paramref name="window"/>, so that front ends stop their access tokens too.</summary>
    [Alias("EndedWithin")]
    Task<IReadOnlyList<EndedSignIn>> EndedWithinAsync(TimeSpan window);

    /// <summary>A one-time wallet challenge for <paramref name="did"/>; null when it is not an Ed25519 did:key.</summary>
    [Alias("Challenge")]
    Task<WalletChallenge?> ChallengeAsync(string domain, IdentityKey did);
}
