namespace Faucet.Vanity;

/// <summary>What a pattern's odds are and what a guaranteed job on it costs, or why it is refused.</summary>
/// <param name="Problem">Why the pattern is refused, in words a player can act on; null when quoted.</param>
/// <param name="Odds">Null only for an <see cref="VanityQuoteStatus.InvalidPattern"/>.</param>
/// <param name="Price">Tokens a guaranteed job on the pattern costs by the pricing policy; 0 when no job takes it.</param>
/// <param name="ClusterKeysPerSecond">The cluster's measured search rate when quoted; 0 before any was measured.</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityQuote")]
public sealed record VanityQuote(
    [property: Id(0)] VanityQuoteStatus Status,
    [property: Id(1)] string? Problem,
    [property: Id(2)] VanityOdds? Odds,
    [property: Id(3)] long Price,
    [property: Id(4)] double ClusterKeysPerSecond);
