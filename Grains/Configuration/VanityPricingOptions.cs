namespace Faucet.Configuration;

/// <summary>What vanity keys cost in tokens and how hard a pull searches.</summary>
public sealed class VanityPricingOptions : IValidatedOptions
{
    public long PullTokens { get; set; } = 10;

    /// <summary>Candidates a gacha pull searches before it returns its best key.</summary>
    public long PullCandidateBudget { get; set; } = 250_000;

    /// <summary>A guaranteed job's price per million expected attempts (at least one token).</summary>
    public long JobTokensPerMillionAttempts { get; set; } = 2;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (PullTokens < 1)
        {
            yield return ("pull_tokens", $"must be at least 1 (got {PullTokens})");
        }
        if (PullCandidateBudget is < 1 or > 1_000_000_000)
        {
            yield return ("pull_candidate_budget", $"must be from 1 to 1000000000 (got {PullCandidateBudget})");
        }
        if (JobTokensPerMillionAttempts < 1)
        {
            yield return ("job_tokens_per_million_attempts", $"must be at least 1 (got {JobTokensPerMillionAttempts})");
        }
    }
}
