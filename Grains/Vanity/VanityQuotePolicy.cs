using System.Globalization;
using Faucet.Configuration;

namespace Faucet.Vanity;

/// <summary>
/// What a pattern's odds are, whether a guaranteed job takes it, and what that job costs. One rule for the quote a player
/// reads and the price a job holds, so the two cannot drift apart.
/// </summary>
public static class VanityQuotePolicy
{
    /// <summary>The odds of the parts, or why they cannot be searched for. A pattern too hard for a job still has odds.</summary>
    public static VanityQuote Odds(VanityRequest request, VanityPricingOptions pricing)
    {
        if (!VanityPattern.TryCompile(request.Parts, request.CaseInsensitive, request.Fuzzy, out var pattern, out var problem))
        {
            return new VanityQuote(VanityQuoteStatus.InvalidPattern, problem, null, 0, 0);
        }
        var odds = VanityOddsCalculator.Of(pattern!);
        if (odds.Exact == 0)
        {
            return new VanityQuote(VanityQuoteStatus.Impossible, "No did:key can show these parts (the first character after z6Mk is always one of e to w).", odds, 0, 0);
        }
        return new VanityQuote(VanityQuoteStatus.Quoted, null, odds, Price(odds.ExpectedAttempts, pricing), 0);
    }

    /// <summary>The price of a guaranteed job on the parts, or why no job takes them.</summary>
    public static VanityQuote Job(VanityRequest request, VanityPricingOptions pricing)
    {
        var quote = Odds(request, pricing);
        if (quote is { Status: VanityQuoteStatus.Quoted, Odds: { } odds } && odds.ExpectedAttempts > pricing.JobMaxExpectedAttempts)
        {
            // A job promises to run to a match: one expected to outlast any player's patience is not sold at all.
            return quote with
            {
                Status = VanityQuoteStatus.TooHard,
                // Invariant: the text reaches players through the Api, whatever culture the silo runs under.
                Problem = string.Create(CultureInfo.InvariantCulture, $"This pattern takes {odds.ExpectedAttempts:0.###e+0} attempts on average; jobs take patterns up to {pricing.JobMaxExpectedAttempts:0.###e+0}. Shorten a part, ignore case or allow look-alikes."),
                Price = 0,
            };
        }
        return quote;
    }

    /// <summary>The tokens a job on a pattern expected to take <paramref name="expectedAttempts"/> costs, at least
    /// <see cref="VanityPricingOptions.JobMinTokens"/> (no less than a pull).</summary>
    public static long Price(double expectedAttempts, VanityPricingOptions pricing) =>
        (long)Math.Max(pricing.JobMinTokens, Math.Ceiling(expectedAttempts / 1_000_000 * pricing.JobTokensPerMillionAttempts * pricing.JobMarginPercent / 100));
}
