namespace Faucet.Vanity;

/// <summary>The odds of a pattern on one random key, and what they mean in attempts. Attempts until the first success
/// are geometric: half of all searches succeed within <see cref="MedianAttempts"/> (ln 2 / p), 99 % within
/// <see cref="P99Attempts"/> (ln 100 / p).</summary>
/// <param name="AtLeast">AtLeast[k - 1]: the probability that a key shows at least k of the parts in order.</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityOdds")]
public sealed record VanityOdds(
    [property: Id(0)] double Exact,
    [property: Id(1)] IReadOnlyList<double> AtLeast,
    [property: Id(2)] double ExpectedAttempts,
    [property: Id(3)] double MedianAttempts,
    [property: Id(4)] double P99Attempts)
{
    public static VanityOdds From(double exact, IReadOnlyList<double> atLeast) => new(
        exact,
        atLeast,
        exact > 0 ? 1 / exact : double.PositiveInfinity,
        exact > 0 ? Math.Log(2) / exact : double.PositiveInfinity,
        exact > 0 ? Math.Log(100) / exact : double.PositiveInfinity);
}
