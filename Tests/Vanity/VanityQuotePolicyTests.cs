using Faucet.Configuration;
using Faucet.Vanity;

namespace Faucet.Tests.Vanity;

/// <summary>The rule that prices a guaranteed job and refuses patterns no job takes, without a cluster.</summary>
public sealed class VanityQuotePolicyTests
{
    private static readonly VanityPricingOptions Pricing = new() { JobTokensPerMillionAttempts = 2, JobMarginPercent = 150, JobMaxExpectedAttempts = 100_000_000_000 };

    [Fact]
    public void A_job_costs_its_expected_attempts_per_million_times_the_margin_rounded_up()
    {
        var quote = VanityQuotePolicy.Job(new VanityRequest(["Banana"], false, false), Pricing);

        Assert.Equal(VanityQuoteStatus.Quoted, quote.Status);
        var expected = quote.Odds!.ExpectedAttempts;
        Assert.Equal((long)Math.Ceiling(expected / 1_000_000 * 2 * 1.5), quote.Price);
        Assert.True(quote.Price > 1, $"a six-character pattern is worth more than the minimum, not {quote.Price}");
    }

    [Fact]
    public void An_easy_job_costs_no_less_than_a_pull()
    {
        var easy = VanityQuotePolicy.Job(new VanityRequest(["ban"], true, false), Pricing);

        Assert.True(easy.Odds!.ExpectedAttempts / 1_000_000 * 2 * 1.5 < 1, "the pattern's attempts alone are worth less than a token");
        Assert.Equal(Pricing.PullTokens, easy.Price);
    }

    [Fact]
    public void Pricing_that_sells_a_job_for_less_than_a_pull_is_refused_at_start_up()
    {
        var problems = new VanityPricingOptions { PullTokens = 10, JobMinTokens = 1 }.Validate().ToList();

        var problem = Assert.Single(problems);
        Assert.Equal("job_min_tokens", problem.Key);
        Assert.Contains("pull_tokens (10)", problem.Message);
    }

    [Fact]
    public void A_pattern_expected_to_take_more_attempts_than_the_limit_is_refused_as_a_job_but_still_has_odds()
    {
        var request = new VanityRequest(["Bananas4Ever"], false, false);

        var job = VanityQuotePolicy.Job(request, Pricing);
        var odds = VanityQuotePolicy.Odds(request, Pricing);

        Assert.Equal((VanityQuoteStatus.TooHard, 0L), (job.Status, job.Price));
        Assert.StartsWith("This pattern takes ", job.Problem);
        Assert.EndsWith("jobs take patterns up to 1e+11. Shorten a part, ignore case or allow look-alikes.", job.Problem);
        Assert.Equal(VanityQuoteStatus.Quoted, odds.Status);
        Assert.True(odds.Odds!.ExpectedAttempts > Pricing.JobMaxExpectedAttempts);
    }

    [Fact]
    public void Parts_that_are_not_a_pattern_are_refused_with_the_reason()
    {
        var quote = VanityQuotePolicy.Job(new VanityRequest(["ban0"], false, false), Pricing);

        Assert.Equal((VanityQuoteStatus.InvalidPattern, null), (quote.Status, quote.Odds));
        Assert.Contains("base58 has no 0, O, I or l", quote.Problem);
    }
}
