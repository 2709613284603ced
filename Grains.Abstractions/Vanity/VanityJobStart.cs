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
}

/// <param name="Balance">The token balance the start left; null when it is not known (<see cref="VanityJobStartStatus.Pending"/>).</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityJobStart")]
public sealed record VanityJobStart(
    [property: Id(0)] VanityJobStartStatus Status,
    [property: Id(1)] VanityJobView? Job,
    [property: Id(2)] long? Balance);
