namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityJobStartStatus")]
public enum VanityJobStartStatus
{
    Started,

    /// <summary>This job id exists already: nothing was charged again.</summary>
    Existing,

    NotEnoughTokens,

    /// <summary>The job id belongs to another player.</summary>
    NotYours,

    /// <summary>The job is stored but its price could not be held yet: its reminder finishes the start (or forgets it,
    /// holding nothing, if the tokens are gone by then).</summary>
    Pending,

    /// <summary>The pattern is not one a job takes (see the refusal): nothing was stored or charged.</summary>
    Refused,

    /// <summary>The player has not accepted the current terms (or confirmed the age they ask): nothing was stored or
    /// charged.</summary>
    TermsNotAccepted,
}

/// <param name="Balance">The token balance the start left; null when it is not known (<see cref="VanityJobStartStatus.Pending"/>).</param>
/// <param name="Price">The tokens the job costs by the job's own pricing (what a short balance could not cover); 0 when
/// refused.</param>
/// <param name="Refusal">Why the pattern was refused, with <see cref="VanityJobStartStatus.Refused"/> only.</param>
/// <param name="Terms">What the player must accept, with <see cref="VanityJobStartStatus.TermsNotAccepted"/> only.</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityJobStart")]
public sealed record VanityJobStart(
    [property: Id(0)] VanityJobStartStatus Status,
    [property: Id(1)] VanityJobView? Job,
    [property: Id(2)] long? Balance,
    [property: Id(3)] long Price,
    [property: Id(4)] VanityQuote? Refusal = null,
    [property: Id(5)] Faucet.Players.TermsStanding? Terms = null);
