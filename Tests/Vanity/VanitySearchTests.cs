using Faucet.Vanity;

namespace Faucet.Tests.Vanity;

/// <summary>The search engine on real keys: it finds what it is asked for, keeps to its budget, and stops when told.</summary>
public sealed class VanitySearchTests
{
    private static VanityPattern Compile(params string[] parts)
    {
        Assert.True(VanityPattern.TryCompile(parts, caseInsensitive: true, fuzzy: false, out var pattern, out var problem), problem);
        return pattern!;
    }

    [Fact]
    public void A_search_stops_at_a_full_match_and_the_key_it_returns_shows_every_part()
    {
        var pattern = Compile("ab", "c");

        var result = VanitySearch.Run(pattern, long.MaxValue, threads: 0, stopAtFullMatch: true, null, CancellationToken.None);
        var did = KeyExports.FromSeed(result.Seed).Did;
        var digits = did["did:key:z6Mk".Length..].Select(c => (byte)Base58.DigitOf(c)).ToArray();

        Assert.Equal(2, result.Score);
        Assert.True(pattern.Describe(digits).IsFull, did);
        Assert.True(result.Attempts > 0);
    }

    [Fact]
    public void A_search_without_a_full_match_tries_exactly_its_budget_and_returns_its_best()
    {
        var pattern = Compile("zzzzzzzzzzzz");

        var tried = 0L;
        var result = VanitySearch.Run(pattern, 5000, threads: 2, stopAtFullMatch: true, n => Interlocked.Add(ref tried, n), CancellationToken.None);

        Assert.Equal((5000, 5000), (result.Attempts, tried));
        Assert.Equal(0, result.Score);
        Assert.True(result.Found);
    }

    [Fact]
    public void A_cancelled_search_stops_early()
    {
        using var cancel = new CancellationTokenSource();
        var tried = 0L;

        var result = VanitySearch.Run(Compile("zzzzzzzzzzzz"), long.MaxValue, threads: 2, stopAtFullMatch: true, n =>
        {
            if (Interlocked.Add(ref tried, n) >= 10_000)
            {
                cancel.Cancel();
            }
        }, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Attempts, 10_000, 20_000);
    }
}
