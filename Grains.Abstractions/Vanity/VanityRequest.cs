namespace Faucet.Vanity;

/// <summary>What a player asks for: parts in order, and whether case and look-alikes count as the same.</summary>
[GenerateSerializer, Immutable, Alias("faucet.VanityRequest")]
public sealed record VanityRequest(
    [property: Id(0)] IReadOnlyList<string> Parts,
    [property: Id(1)] bool CaseInsensitive,
    [property: Id(2)] bool Fuzzy);
