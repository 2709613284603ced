using System.Security.Cryptography;

namespace Faucet.Players;

/// <summary>
/// A player's id: a ULID (48 bits of milliseconds since the Unix epoch, then 80 random bits, in Crockford
/// base32), so ids sort by creation time and can be made on any silo without coordination.
/// </summary>
[GenerateSerializer, Immutable, Alias("faucet.UserId")]
public readonly record struct UserId([property: Id(0)] string Value)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 26;

    public static UserId New(TimeProvider time)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }
        RandomNumberGenerator.Fill(bytes[6..]);

        var value = new UInt128(
            (ulong)bytes[0] << 56 | (ulong)bytes[1] << 48 | (ulong)bytes[2] << 40 | (ulong)bytes[3] << 32 |
            (ulong)bytes[4] << 24 | (ulong)bytes[5] << 16 | (ulong)bytes[6] << 8 | bytes[7],
            (ulong)bytes[8] << 56 | (ulong)bytes[9] << 48 | (ulong)bytes[10] << 40 | (ulong)bytes[11] << 32 |
            (ulong)bytes[12] << 24 | (ulong)bytes[13] << 16 | (ulong)bytes[14] << 8 | bytes[15]);

        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new UserId(new string(chars));
    }

    public static bool TryParse(string? text, out UserId id)
    {
        id = default;
        if (text is null || text.Length != Length || text[0] > '7')
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal))
            {
                return false;
            }
        }
        id = new UserId(text.ToUpperInvariant());
        return true;
    }

    public static UserId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a user id (a 26-character ULID)");

    public override string ToString() => Value;
}
