namespace Faucet.Boosts;

/// <summary>A boost in force at some moment: its name, as players and the books see it, and its multiplier
/// (from 1 to 10, at most two decimals).</summary>
[GenerateSerializer, Immutable, Alias("faucet.BoostInForce")]
public sealed record BoostInForce(
    [property: Id(0)] string Name,
    [property: Id(1)] decimal Multiplier);
