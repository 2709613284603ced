namespace Faucet.Money;

/// <summary>
/// A Banano account address: <c>ban_</c>, 52 characters encoding the 32-byte Ed25519 public key (after 4 zero
/// bits), and 8 characters of checksum (the 5-byte BLAKE2b digest of the key, bytes reversed), all in Banano's
/// base32 alphabet. A mistyped character changes the checksum, so a typo is refused instead of paid.
/// </summary>
[GenerateSerializer, Immutable, Alias("faucet.BananoAddress")]
public readonly record struct BananoAddress
{
    public const string Prefix = "ban_";
    public const int Length = 64;
    private const string Alphabet = "13456789abcdefghijkmnopqrstuwxyz";

    private BananoAddress(string value) => Value = value;

    [Id(0)]
    public string Value { get; }

    public static BananoAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("A Banano public key is 32 bytes.", nameof(publicKey));
        }

        Span<byte> checksum = stackalloc byte[5];
        Blake2b.Hash(publicKey, checksum);
        checksum.Reverse();

        Span<char> chars = stackalloc char[Length];
        Prefix.CopyTo(chars);
        Encode(publicKey, padBits: 4, chars.Slice(4, 52));
        Encode(checksum, padBits: 0, chars.Slice(56, 8));
        return new BananoAddress(new string(chars));
    }

    public static bool TryParse(string? text, out BananoAddress address, out string error)
    {
        address = default;
        // Never trimmed: an address with whitespace around it was pasted or built wrongly, and storing a cleaned-up
        // copy would hide that from the client that sent it.
        var s = text ?? "";
        if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
        {
            error = $"'{s}' is not a Banano address: it has whitespace around it";
            return false;
        }
        if (s.StartsWith("nano_", StringComparison.OrdinalIgnoreCase) || s.StartsWith("xrb_", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{s}' is a Nano address; Faucet pays Banano addresses, which start with ban_";
            return false;
        }
        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"'{s}' is not a Banano address: it must start with ban_";
            return false;
        }
        if (s.Length != Length)
        {
            error = $"'{s}' is not a Banano address: it must be {Length} characters long, not {s.Length}";
            return false;
        }
        foreach (var c in s.AsSpan(4))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                error = $"'{s}' is not a Banano address: '{c}' is not one of its characters ({Alphabet})";
                return false;
            }
        }
        if (s[4] is not ('1' or '3'))
        {
            error = $"'{s}' is not a Banano address: the key part must start with 1 or 3";
            return false;
        }

        Span<byte> key = stackalloc byte[32];
        Decode(s.AsSpan(4, 52), padBits: 4, key);
        var expected = FromPublicKey(key);
        if (!string.Equals(expected.Value, s, StringComparison.Ordinal))
        {
            error = $"'{s}' has a wrong checksum: a character is mistyped";
            return false;
        }

        address = expected;
        error = "";
        return true;
    }

    public static BananoAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public byte[] PublicKey()
    {
        var key = new byte[32];
        Decode(Value.AsSpan(4, 52), padBits: 4, key);
        return key;
    }

    public override string ToString() => Value;

    // Big-endian base32: the bytes, preceded by padBits zero bits, read 5 bits at a time.
    private static void Encode(ReadOnlySpan<byte> bytes, int padBits, Span<char> output)
    {
        var bit = -padBits;
        for (var i = 0; i < output.Length; i++, bit += 5)
        {
            var value = 0;
            for (var j = 0; j < 5; j++)
            {
                var position = bit + j;
                var set = position >= 0 && (bytes[position / 8] >> (7 - position % 8) & 1) == 1;
                value = value << 1 | (set ? 1 : 0);
            }
            output[i] = Alphabet[value];
        }
    }

    private static void Decode(ReadOnlySpan<char> chars, int padBits, Span<byte> output)
    {
        output.Clear();
        var bit = -padBits;
        foreach (var c in chars)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            for (var j = 0; j < 5; j++, bit++)
            {
                if (bit >= 0 && (value >> (4 - j) & 1) == 1)
                {
                    output[bit / 8] |= (byte)(1 << (7 - bit % 8));
                }
            }
        }
    }
}
