namespace Faucet.Vanity;

/// <summary>How well a key fits a pattern: <see cref="Score"/> of <see cref="Of"/> parts found in order (shown as
/// "3/4"), where they are, the parts missing, and other occurrences of parts (bonus finds).</summary>
public sealed record VanityMatch(int Score, int Of, IReadOnlyList<VanityFind> Matched, IReadOnlyList<string> Missing, IReadOnlyList<VanityFind> Bonus)
{
    public bool IsFull => Score == Of;
}
