namespace Faucet.Vanity;

/// <summary>
/// An Ed25519 <c>did:key</c>: <c>did:key:z</c> followed by base58btc of the multicodec <c>0xED 0x01</c> and the 32-byte
/// public key. The multicodec makes every such identifier start <c>did:key:z6Mk</c>; the 44 characters after that are
/// the ones a vanity pattern can shape (the first of them only from <c>e</c> to <c>w</c>).
/// </summary>
public static class DidKey
{
    public const string Prefix = "did:key:z";

    /// <summary>What every Ed25519 did:key starts with.</summary>
    public const string FixedStart = "did:key:z6Mk";

    /// <summary>Base58 digits of the payload (47), of which the first three spell <c>6Mk</c>.</summary>
    public const int Digits = 47;

    public const int FixedDigits = 3;

    /// <summary>The characters after <see cref="FixedStart"/>.</summary>
    public const int FreeLength = Digits - FixedDigits;

    public static string FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }
        Span<byte> digits = stackalloc byte[Digits];
        Base58.DidKeyDigits(publicKey, digits);
        Span<char> text = stackalloc char[Prefix.Length + Digits];
        Prefix.CopyTo(text);
        for (var i = 0; i < Digits; i++)
        {
            text[Prefix.Length + i] = Base58.Alphabet[digits[i]];
        }
        return new string(text);
    }

    /// <summary>The 32-byte public key of an Ed25519 did:key, or null when <paramref name="did"/> is not one.</summary>
    public static byte[]? PublicKeyOf(string did)
    {
        if (!did.StartsWith(Prefix, StringComparison.Ordinal) || Base58.Decode(did[Prefix.Length..]) is not { Length: 34 } bytes
            || bytes[0] != 0xED || bytes[1] != 0x01)
        {
            return null;
        }
        return bytes[2..];
    }
}
