using Faucet.Vanity;

namespace Faucet.Tests.Vanity;

/// <summary>The exact odds, against cases worked by hand and against scores measured on real keys.</summary>
public sealed class VanityOddsTests
{
    private static VanityPattern Compile(bool caseInsensitive, bool fuzzy, params string[] parts)
    {
        Assert.True(VanityPattern.TryCompile(parts, caseInsensitive, fuzzy, out var pattern, out var problem), problem);
        return pattern!;
    }

    [Fact]
    public void The_first_free_character_is_one_of_e_to_w_and_its_odds_add_up_to_one()
    {
        var odds = VanityOddsCalculator.FirstFreeDigit;

        Assert.Equal(1.0, odds.Sum(), 12);
        Assert.Equal("efghijkmnopqrstuvw", string.Concat(Enumerable.Range(0, 58).Where(d => odds[d] > 0).Select(d => Base58.Alphabet[d])));
    }

    [Fact]
    public void One_character_that_cannot_come_first_has_the_odds_of_appearing_in_43_uniform_places()
    {
        var odds = VanityOddsCalculator.Of(Compile(false, false, "A"));

        Assert.Equal(1 - Math.Pow(57.0 / 58, 43), odds.Exact, 12);
        Assert.Equal(1 / odds.Exact, odds.ExpectedAttempts, 9);
        Assert.Equal(Math.Log(2) / odds.Exact, odds.MedianAttempts, 9);
    }

    [Fact]
    public void A_repeated_character_is_not_a_product_of_independent_terms()
    {
        // "AA" overlaps itself, so its 42 windows are not independent. Worked by hand as a two-state chain over the 43
        // places where 'A' can be (the last character was an 'A' or not), it is 1.6 % below the independent estimate.
        var odds = VanityOddsCalculator.Of(Compile(false, false, "AA"));
        const double q = 1.0 / 58;
        var (other, afterA, found) = (1.0, 0.0, 0.0);
        for (var i = 0; i < 43; i++)
        {
            found += afterA * q;
            (other, afterA) = ((other + afterA) * (1 - q), other * q);
        }
        var independent = 1 - Math.Pow(1 - q * q, 42);

        Assert.Equal(found, odds.Exact, 14);
        Assert.True(odds.Exact < independent * 0.99, $"{odds.Exact} vs {independent}");
    }

    [Fact]
    public void The_odds_agree_with_how_often_real_keys_score_within_five_standard_errors()
    {
        const long keys = 150_000;
        var pattern = Compile(true, false, "ab", "c");
        var odds = VanityOddsCalculator.Of(pattern);

        var histogram = VanitySearch.ScoreHistogram(pattern, keys, threads: 0, CancellationToken.None);

        Assert.Equal(keys, histogram.Sum());
        for (var k = 1; k <= 2; k++)
        {
            var measured = histogram.Skip(k).Sum() / (double)keys;
            var p = odds.AtLeast[k - 1];
            var tolerance = 5 * Math.Sqrt(p * (1 - p) / keys);
            Assert.True(Math.Abs(measured - p) <= tolerance, $"at least {k}: measured {measured:F5}, computed {p:F5} ± {tolerance:F5}");
        }
    }
}
