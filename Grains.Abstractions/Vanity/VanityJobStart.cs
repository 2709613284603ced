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
}

[GenerateSerializer, Immutable, Alias("faucet.VanityJobStart")]
public sealed record VanityJobStart(
    [property: Id(0)] VanityJobStartStatus Status,
    [property: Id(1)] VanityJobView? Job,
    [property: Id(2)] long Balance);
