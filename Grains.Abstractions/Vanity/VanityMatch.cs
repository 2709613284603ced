namespace Faucet.Vanity;

/// <summary>How well a key fits a pattern: <see cref="Score"/> of <see cref="Of"/> parts found in order (shown as
/// "3/4"), where they are, the parts missing, and other occurrences of parts (bonus finds).</summary>
[GenerateSerializer, Immutable, Alias("faucet.VanityMatch")]
public sealed record VanityMatch(
    [property: Id(0)] int Score,
    [property: Id(1)] int Of,
    [property: Id(2)] IReadOnlyList<VanityFind> Matched,
    [property: Id(3)] IReadOnlyList<string> Missing,
    [property: Id(4)] IReadOnlyList<VanityFind> Bonus)
{
    public bool IsFull => Score == Of;
}
