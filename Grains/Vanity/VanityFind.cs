namespace Faucet.Vanity;

/// <param name="Part">The index of the part in the pattern.</param>
/// <param name="Position">Where it starts in the whole did:key string (0 is the 'd' of did:key).</param>
public sealed record VanityFind(int Part, string Text, int Position);
