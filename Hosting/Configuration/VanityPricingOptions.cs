namespace Faucet.Configuration;

/// <summary>What vanity keys cost in tokens and how hard a pull searches.</summary>
public sealed class VanityPricingOptions : IValidatedOptions
{
    public long PullTokens { get; set; } = 10;

    /// <summary>Candidates a gacha pull searches before it returns its best key.</summary>
    public long PullCandidateBudget { get; set; } = 250_000;

    /// <summary>A guaranteed job's price per million expected attempts (at least <see cref="JobMinTokens"/>).</summary>
    public long JobTokensPerMillionAttempts { get; set; } = 2;

    /// <summary>The least a guaranteed job costs: never less than a pull, which only hopes for what a job promises.</summary>
    public long JobMinTokens { get; set; } = 10;

    /// <summary>What a job's price adds to the cost of its expected attempts, in percent (150: the price is 1.5 times it).</summary>
    public long JobMarginPercent { get; set; } = 150;

    /// <summary>Patterns expected to take more attempts than this are refused as jobs.</summary>
    public long JobMaxExpectedAttempts { get; set; } = 100_000_000_000;

    /// <summary>How long each slice of a job searches on one silo before it reports (keep well under the 30 s call timeout).</summary>
    public int JobSliceSeconds { get; set; } = 5;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("pull_tokens", PullTokens, 1),
        // A pull answers within one request: at about 50,000 keys a second per core, a million is tens of seconds.
        OptionChecks.Between("pull_candidate_budget", PullCandidateBudget, 1, 1_000_000),
        OptionChecks.AtLeast("job_tokens_per_million_attempts", JobTokensPerMillionAttempts, 1),
        JobMinTokens < PullTokens
            ? ("job_min_tokens", $"must be at least pull_tokens ({PullTokens}): a job, which is sure to find its key, never costs less than a pull, which only hopes to")
            : null,
        OptionChecks.AtLeast("job_margin_percent", JobMarginPercent, 100),
        OptionChecks.AtLeast("job_max_expected_attempts", JobMaxExpectedAttempts, 1),
        OptionChecks.Between("job_slice_seconds", JobSliceSeconds, 1, 20));
}
