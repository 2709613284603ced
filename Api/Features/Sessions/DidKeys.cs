using System.Numerics;
using Faucet.Identities;

namespace Faucet.Api.Features.Sessions;

/// <summary>The Ed25519 public key inside a <c>did:key</c>: base58btc (the <c>z</c> prefix) of the multicodec
/// <c>0xED 0x01</c> followed by the 32-byte key.</summary>
public static class DidKeys
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>The key, or null when <paramref name="did"/> is not an Ed25519 did:key.</summary>
    public static byte[]? PublicKeyOf(IdentityKey did)
    {
        if (did.Scheme != "did:key" || Decode(did.Value["did:key:z".Length..]) is not { Length: 34 } bytes || bytes[0] != 0xED || bytes[1] != 0x01)
        {
            return null;
        }
        return bytes[2..];
    }

    /// <summary>Base58 (the Bitcoin alphabet): each leading '1' is a zero byte.</summary>
    private static byte[]? Decode(string text)
    {
        BigInteger value = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }
            value = value * 58 + digit;
        }
        var zeros = text.TakeWhile(c => c == '1').Count();
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[zeros], .. body];
    }
}
