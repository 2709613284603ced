using System.Globalization;
using System.Numerics;

namespace Faucet.Money;

/// <summary>
/// An amount of Banano, counted in raw (1 BAN = 10^29 raw). The whole supply fits an unsigned 128-bit
/// integer, so there is no rounding anywhere: parsing and printing decimal BAN are exact.
/// </summary>
[GenerateSerializer, Immutable, Alias("faucet.BanAmount")]
public readonly record struct BanAmount([property: Id(0)] UInt128 Raw) : IComparable<BanAmount>
{
    public const int Decimals = 29;

    public static readonly UInt128 RawPerBan = UInt128.Parse("100000000000000000000000000000", CultureInfo.InvariantCulture);

    public static BanAmount Zero => default;

    public static BanAmount FromRaw(UInt128 raw) => new(raw);

    /// <summary>Parses decimal BAN such as <c>2.1</c> or <c>50</c>: digits with an optional '.', nothing else. Signs,
    /// whitespace, exponents, more than 29 decimal places and amounts beyond 128 bits of raw are refused, never
    /// forgiven or rounded: a client that sends <c>" 1"</c> or <c>"+1"</c> has a bug worth hearing about.</summary>
    public static BanAmount Parse(string text) =>
        TryParse(text, out var amount, out var error) ? amount : throw new FormatException(error);

    public static bool TryParse(string? text, out BanAmount amount, out string error)
    {
        amount = Zero;
        var s = text ?? "";
        if (s.Length == 0)
        {
            error = "an amount of BAN is required";
            return false;
        }
        if (s.Any(char.IsWhiteSpace))
        {
            error = $"'{s}' has whitespace in it; an amount of BAN is digits with an optional '.', such as \"2.1\"";
            return false;
        }
        if (s[0] == '-')
        {
            error = $"'{s}' is negative; amounts of BAN are never negative";
            return false;
        }
        if (s[0] == '+')
        {
            error = $"'{s}' has a sign; an amount of BAN is digits with an optional '.', such as \"2.1\"";
            return false;
        }

        var point = s.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? "" : s[(point + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || !IsDigits(whole) || !IsDigits(fraction))
        {
            error = $"'{text}' is not a decimal amount of BAN (digits with an optional '.')";
            return false;
        }
        if (fraction.Length > Decimals)
        {
            error = $"'{text}' has more than {Decimals} decimal places (1 raw = 10^-{Decimals} BAN)";
            return false;
        }

        var raw = BigInteger.Parse((whole.Length == 0 ? "0" : whole) + fraction.PadRight(Decimals, '0'), CultureInfo.InvariantCulture);
        if (raw > (BigInteger)UInt128.MaxValue)
        {
            error = $"'{text}' is larger than any amount of BAN that exists";
            return false;
        }

        amount = new BanAmount((UInt128)raw);
        error = "";
        return true;
    }

    /// <summary>Decimal BAN with no trailing zeros: <c>2.1</c>, <c>50</c>, <c>0.00000000000000000000000000001</c>.</summary>
    public override string ToString()
    {
        var whole = Raw / RawPerBan;
        var fraction = Raw % RawPerBan;
        if (fraction == UInt128.Zero)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }
        var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        return $"{whole.ToString(CultureInfo.InvariantCulture)}.{digits}";
    }

    /// <summary>The raw amount as the integer string that the Banano node RPC expects.</summary>
    public string ToRawString() => Raw.ToString(CultureInfo.InvariantCulture);

    public int CompareTo(BanAmount other) => Raw.CompareTo(other.Raw);

    public static bool operator <(BanAmount left, BanAmount right) => left.Raw < right.Raw;
    public static bool operator >(BanAmount left, BanAmount right) => left.Raw > right.Raw;
    public static bool operator <=(BanAmount left, BanAmount right) => left.Raw <= right.Raw;
    public static bool operator >=(BanAmount left, BanAmount right) => left.Raw >= right.Raw;

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
