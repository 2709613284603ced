namespace Faucet.Configuration;

/// <summary>What vanity keys cost in tokens and how hard a pull searches.</summary>
public sealed class VanityPricingOptions : IValidatedOptions
{
    public long PullTokens { get; set; } = 10;

    /// <summary>Candidates a gacha pull searches before it returns its best key.</summary>
    public long PullCandidateBudget { get; set; } = 250_000;

    /// <summary>A guaranteed job's price per million expected attempts (at least one token).</summary>
    public long JobTokensPerMillionAttempts { get; set; } = 2;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("pull_tokens", PullTokens, 1),
        OptionChecks.Between("pull_candidate_budget", PullCandidateBudget, 1, 1_000_000_000),
        OptionChecks.AtLeast("job_tokens_per_million_attempts", JobTokensPerMillionAttempts, 1));
}
