using System.Numerics;

namespace Faucet.Vanity;

/// <summary>Base58 with the Bitcoin alphabet (base58btc, multibase prefix <c>z</c>): digits 0–57 stand for the
/// characters of <see cref="Alphabet"/>, and each leading zero byte is a leading '1'.</summary>
public static class Base58
{
    public const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>The digit of each ASCII character, or -1 for one outside the alphabet.</summary>
    private static readonly sbyte[] Digits = BuildDigits();

    /// <summary>The digit of <paramref name="c"/> (0–57), or -1 when it is not a base58 character.</summary>
    public static int DigitOf(char c) => c < 128 ? Digits[c] : -1;

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var zeros = 0;
        while (zeros < bytes.Length && bytes[zeros] == 0)
        {
            zeros++;
        }
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new List<char>();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var digit);
            digits.Add(Alphabet[(int)digit]);
        }
        digits.AddRange(Enumerable.Repeat('1', zeros));
        digits.Reverse();
        return new string(digits.ToArray());
    }

    /// <summary>The bytes, or null when <paramref name="text"/> holds a character outside the alphabet.</summary>
    public static byte[]? Decode(string text)
    {
        BigInteger value = 0;
        foreach (var c in text)
        {
            var digit = DigitOf(c);
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

    /// <summary>
    /// The fast path of the vanity search: the 47 base58 digits (values 0–57, most significant first) of the 34-byte
    /// did:key payload <c>0xED 0x01 ‖ publicKey</c>, with no allocation. The payload is read as nine 32-bit limbs and
    /// divided by 58^5 ten times, five digits at a time.
    /// </summary>
    public static void DidKeyDigits(ReadOnlySpan<byte> publicKey, Span<byte> digits)
    {
        const uint Radix5 = 58 * 58 * 58 * 58 * 58;
        Span<uint> limbs = stackalloc uint[9];
        // Limb 0 holds the top 16 bits: the multicodec prefix 0xED01.
        limbs[0] = 0xED01;
        for (var i = 0; i < 8; i++)
        {
            limbs[i + 1] = (uint)(publicKey[4 * i] << 24 | publicKey[4 * i + 1] << 16 | publicKey[4 * i + 2] << 8 | publicKey[4 * i + 3]);
        }
        Span<byte> all = stackalloc byte[50];
        var first = 0;
        for (var group = 9; group >= 0; group--)
        {
            ulong remainder = 0;
            for (var i = first; i < 9; i++)
            {
                var current = remainder << 32 | limbs[i];
                limbs[i] = (uint)(current / Radix5);
                remainder = current % Radix5;
            }
            while (first < 9 && limbs[first] == 0)
            {
                first++;
            }
            var chunk = (uint)remainder;
            for (var k = 4; k >= 0; k--)
            {
                all[group * 5 + k] = (byte)(chunk % 58);
                chunk /= 58;
            }
        }
        // 58^47 > 2^272 > 58^46: the payload always has exactly 47 digits, so the first three of the fifty are zero.
        all[3..].CopyTo(digits);
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }
        return digits;
    }
}
