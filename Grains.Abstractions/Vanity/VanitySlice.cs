namespace Faucet.Vanity;

/// <summary>A share of a job's search that one silo's search worker runs for <see cref="Seconds"/>.</summary>
[GenerateSerializer, Immutable, Alias("faucet.VanitySlice")]
public sealed record VanitySlice(
    [property: Id(0)] string JobId,
    [property: Id(1)] long SliceId,
    [property: Id(2)] VanityRequest Request,
    [property: Id(3)] int Seconds);

/// <summary>What a slice tried, and the seed of a full match if it found one.</summary>
[GenerateSerializer, Immutable, Alias("faucet.VanitySliceReport")]
public sealed record VanitySliceReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] long SliceId,
    [property: Id(2)] long Attempts,
    [property: Id(3)] byte[]? Seed,
    [property: Id(4)] string Silo);
