using Faucet.Vanity;

namespace Faucet.Tests.Vanity;

/// <summary>Patterns: what compiles, what is refused and why, and how keys are scored against them.</summary>
public sealed class VanityPatternTests
{
    private static VanityPattern Compile(bool caseInsensitive, bool fuzzy, params string[] parts)
    {
        Assert.True(VanityPattern.TryCompile(parts, caseInsensitive, fuzzy, out var pattern, out var problem), problem);
        return pattern!;
    }

    /// <summary>The 44 free digits of a made-up key: <paramref name="text"/> padded with '2'.</summary>
    private static byte[] Free(string text) => text.PadRight(DidKey.FreeLength, '2').Select(c => (byte)Base58.DigitOf(c)).ToArray();

    [Theory]
    [InlineData(new[] { "b0b" }, false, false, "parts[0] ('b0b') has '0' at position 2")]
    [InlineData(new[] { "ok", "Ice" }, false, false, "parts[1] ('Ice') has 'I' at position 1")]
    [InlineData(new[] { "" }, false, false, "parts[0] must be 1 to 44 characters")]
    [InlineData(new string[0], false, false, "parts is a list of 1 to 8")]
    [InlineData(new[] { "abcdefghijkmnopqrstuvwxyzABCDE", "FGHJKLMNPQRSTUV" }, false, false, "add up to 45 characters")]
    [InlineData(new[] { "Azzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" }, false, false, "only e to w can be")]
    public void A_pattern_that_no_key_can_show_is_refused_with_what_is_wrong(string[] parts, bool caseInsensitive, bool fuzzy, string expected)
    {
        Assert.False(VanityPattern.TryCompile(parts, caseInsensitive, fuzzy, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzzy_matching_reads_look_alikes_as_one_and_ignoring_case_reads_either_case()
    {
        var fuzzy = Compile(caseInsensitive: true, fuzzy: true, "b0b");
        var exact = Compile(caseInsensitive: false, fuzzy: false, "bob");

        Assert.Equal(1, fuzzy.Score(Free("xxBobx")));
        Assert.Equal(1, fuzzy.Score(Free("xxbobx")));
        Assert.Equal(0, exact.Score(Free("xxBobx")));
        Assert.Equal(1, Compile(false, true, "1ce").Score(Free("1ce")));
        Assert.Equal(1, Compile(true, true, "Ice").Score(Free("iCE")));
        Assert.Equal(1, Compile(true, true, "5eat").Score(Free("Seat")));
    }

    [Fact]
    public void Parts_count_only_in_their_order_and_without_overlapping()
    {
        var pattern = Compile(false, false, "abc", "xyz", "777");

        Assert.Equal(3, pattern.Score(Free("abcxyz777")));
        Assert.Equal(2, pattern.Score(Free("xyzabc777")));
        Assert.Equal(2, pattern.Score(Free("777abcxyz")));
        Assert.Equal(1, pattern.Score(Free("abxyzc")));
        // "abcabc" then "cab": the second part may not reuse the first's characters.
        Assert.Equal(1, Compile(false, false, "abc", "cab").Score(Free("abcab")));
        Assert.Equal(2, Compile(false, false, "abc", "cab").Score(Free("abccab")));
    }

    [Fact]
    public void A_description_says_where_each_part_is_which_are_missing_and_the_bonus_finds()
    {
        var pattern = Compile(false, false, "abc", "xyz", "777");

        var match = pattern.Describe(Free("abc9xyz99abc"));

        Assert.Equal((2, 3, false), (match.Score, match.Of, match.IsFull));
        Assert.Equal([("abc", 12), ("xyz", 16)], match.Matched.Select(m => (m.Text, m.Position)));
        Assert.Equal(["777"], match.Missing);
        Assert.Equal([("abc", 21)], match.Bonus.Select(m => (m.Text, m.Position)));
        Assert.Equal("abc", ("did:key:z6Mk" + "abc9xyz99abc".PadRight(44, '2')).Substring(match.Bonus[0].Position, 3));
    }
}
