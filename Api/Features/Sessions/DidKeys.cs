using Faucet.Identities;
using Faucet.Vanity;

namespace Faucet.Api.Features.Sessions;

/// <summary>The Ed25519 public key inside a <c>did:key</c> identity (see <see cref="DidKey"/>).</summary>
public static class DidKeys
{
    /// <summary>The key, or null when <paramref name="did"/> is not an Ed25519 did:key.</summary>
    public static byte[]? PublicKeyOf(IdentityKey did) => did.Scheme == "did:key" ? DidKey.PublicKeyOf(did.Value) : null;
}
