using System.Globalization;
using System.Text;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Vanity;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace Faucet.Sessions;

public sealed class WalletChallengeGrain(IWalletChallengeStore challenges, [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IWalletChallengeGrain
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private string Nonce => this.GetPrimaryKeyString();

    public async Task<WalletChallenge?> IssueAsync(string domain, IdentityKey did)
    {
        if (did.Scheme != "did:key" || DidKey.PublicKeyOf(did.Value) is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var issuedAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var expiresAt = issuedAt + Lifetime;
        var message = string.Create(CultureInfo.InvariantCulture, $"""
            {domain} asks you to sign in with your key:
            {did.Value}

            Nonce: {Nonce}
            Issued At: {issuedAt:yyyy-MM-ddTHH:mm:ssZ}
            Expiration Time: {expiresAt:yyyy-MM-ddTHH:mm:ssZ}
            """);
        await challenges.InsertAsync(Nonce, did, message, issuedAt, expiresAt, CancellationToken.None);
        return new WalletChallenge(Nonce, did.Value, message, expiresAt);
    }

    public async Task<WalletSignIn> SignInAsync(byte[] signature, SignUpProof? proof)
    {
        if (await challenges.ConsumeAsync(Nonce, time.GetUtcNow(), CancellationToken.None) is not { } consumed)
        {
            return new WalletSignIn(WalletSignInStatus.NoChallenge, null);
        }
        var (did, message) = consumed;
        var algorithm = SignatureAlgorithm.Ed25519;
        if (!PublicKey.TryImport(algorithm, DidKey.PublicKeyOf(did.Value), KeyBlobFormat.RawPublicKey, out var key)
            || !algorithm.Verify(key!, Encoding.UTF8.GetBytes(message), signature))
        {
            return new WalletSignIn(WalletSignInStatus.WrongSignature, null);
        }
        var signIn = await GrainFactory.GetGrain<ISignInDeskGrain>(0).SignInAsync(did, "key " + did.Value[^6..], proof);
        // A challenge is used once: its activation has nothing left to do.
        DeactivateOnIdle();
        return signIn.Proof switch
        {
            SignUpProofVerdict.Missing => new WalletSignIn(WalletSignInStatus.ProofOfWorkMissing, null),
            SignUpProofVerdict.AlreadyUsed => new WalletSignIn(WalletSignInStatus.ProofOfWorkUsed, null),
            SignUpProofVerdict.Expired => new WalletSignIn(WalletSignInStatus.ProofOfWorkExpired, null),
            _ => new WalletSignIn(WalletSignInStatus.SignedIn, signIn.SignedIn),
        };
    }
}
