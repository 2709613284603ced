using Faucet.Identities;

namespace Faucet.Sessions;

/// <summary>
/// One wallet sign-in challenge (key: its nonce): the exact message a key is asked to sign, naming the site, the key,
/// the nonce, when it was issued and when it expires. It is consumed by its first use, signed correctly or not, so a
/// signature can never be replayed and a wrong guess costs a new challenge.
/// </summary>
[Alias("faucet.IWalletChallengeGrain")]
public interface IWalletChallengeGrain : IGrainWithStringKey
{
    /// <summary>Null when <paramref name="did"/> is not an Ed25519 did:key.</summary>
    [Alias("Issue")]
    Task<WalletChallenge?> IssueAsync(string domain, IdentityKey did);

    /// <summary>Uses the challenge up and, when <paramref name="signature"/> is its key's signature of its message,
    /// signs the key's player in (a new player on the key's first sign-in, spending <paramref name="proof"/>).</summary>
    [Alias("SignInWithProof")]
    Task<WalletSignIn> SignInAsync(byte[] signature, SignUpProof? proof);
}
