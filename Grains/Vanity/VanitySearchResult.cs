namespace Faucet.Vanity;

/// <summary>What a search found: the best key by score (the first found of the best), its seed, and how many keys were
/// tried.</summary>
public sealed record VanitySearchResult(byte[] Seed, int Score, long Attempts, bool Cancelled)
{
    public bool Found => Seed.Length > 0;
}
