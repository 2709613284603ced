using System.Globalization;
using CsCheck;
using Faucet.Money;

namespace Faucet.Tests.Money;

/// <summary>
/// Generated text against the two parsers that guard every amount and address entering Faucet: what parses prints
/// back as the same canonical text, and nothing with whitespace, a sign or a foreign prefix parses at all.
/// </summary>
public sealed class MoneyParsingProperties
{
    // Every kind of character a client might slip in: ASCII and Unicode whitespace, signs, exponent and hex markers,
    // separators, and other currencies' prefixes.
    private static readonly string[] Intruders =
        [" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u200b", "\ufeff", "+", "-", "e", "E", "0x", "x", "_", ",", "$", "BAN ", "ban", "nano_", "xrb_", "'", "\""];

    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[0, 9].Select(chars => new string(chars));

    // Decimal text as a client might write it, leading and trailing zeros included; sometimes with nothing before the point.
    private static readonly Gen<string> DecimalText =
        Gen.Select(Digits, Gen.Bool, Gen.Char['0', '9'].Array[0, 29], (whole, point, fraction) =>
            point ? $"{whole}.{new string(fraction)}" : whole);

    private static readonly Gen<string> Intruder = Gen.OneOf(Intruders);

    [Fact]
    public void Every_raw_amount_prints_as_text_that_parses_back_to_it_and_prints_the_same()
    {
        Gen.UInt128.Sample(raw =>
        {
            var text = BanAmount.FromRaw(raw).ToString();
            var again = BanAmount.Parse(text);
            Assert.Equal(raw, again.Raw);
            Assert.Equal(text, again.ToString());
        }, iter: 20_000);
    }

    [Fact]
    public void Decimal_text_that_parses_prints_as_its_canonical_form()
    {
        DecimalText.Sample(text =>
        {
            if (!BanAmount.TryParse(text, out var amount, out _))
            {
                // Only an empty or a lone point, and nothing else, may be refused here.
                Assert.True(text is "" or ".", $"'{text}' was refused");
                return;
            }
            Assert.Equal(Canonical(text), amount.ToString());
            Assert.Equal(amount, BanAmount.Parse(amount.ToString()));
        }, iter: 20_000);
    }

    [Fact]
    public void No_amount_with_whitespace_a_sign_or_a_prefix_anywhere_in_it_parses()
    {
        Gen.Select(Gen.UInt128, Intruder, Gen.Int[0, 100]).Sample((raw, intruder, at) =>
        {
            var text = BanAmount.FromRaw(raw).ToString();
            var spoiled = text.Insert(at % (text.Length + 1), intruder);
            Assert.False(BanAmount.TryParse(spoiled, out _, out var error), $"'{spoiled}' parsed");
            Assert.NotEmpty(error);
        }, iter: 20_000);
    }

    [Fact]
    public void Every_address_parses_as_itself_and_nothing_else_does()
    {
        Gen.Byte.Array[32].Sample(key =>
        {
            var address = BananoAddress.FromPublicKey(key).Value;
            Assert.Equal(address, BananoAddress.Parse(address).ToString());
            Assert.False(BananoAddress.TryParse(address.ToUpperInvariant(), out _, out _), "an upper-case address parsed");
        }, iter: 2_000);
    }

    [Fact]
    public void No_address_with_whitespace_a_sign_or_a_prefix_anywhere_in_it_parses()
    {
        Gen.Select(Gen.Byte.Array[32], Intruder, Gen.Int[0, BananoAddress.Length]).Sample((key, intruder, at) =>
        {
            var spoiled = BananoAddress.FromPublicKey(key).Value.Insert(at, intruder);
            Assert.False(BananoAddress.TryParse(spoiled, out _, out var error), $"'{spoiled}' parsed");
            Assert.NotEmpty(error);
        }, iter: 5_000);
    }

    private static string Canonical(string text)
    {
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = (point < 0 ? text : text[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : text[(point + 1)..].TrimEnd('0');
        var printedWhole = whole.Length == 0 ? "0" : whole;
        return fraction.Length == 0 ? printedWhole : string.Create(CultureInfo.InvariantCulture, $"{printedWhole}.{fraction}");
    }
}
