namespace Faucet.Vanity;

/// <param name="Part">The index of the part in the pattern.</param>
/// <param name="Position">Where it starts in the whole did:key string (0 is the 'd' of did:key).</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityFind")]
public sealed record VanityFind([property: Id(0)] int Part, [property: Id(1)] string Text, [property: Id(2)] int Position);
