namespace Faucet.Vanity;

/// <summary>What a search found: the best key by score (the first found of the best), its seed, how many keys were
/// tried, and for how long (not counting a wait for another search to finish).</summary>
public sealed record VanitySearchResult(byte[] Seed, int Score, long Attempts, bool Cancelled, TimeSpan Searched)
{
    /// <summary>Keys per second while it searched.</summary>
    public double KeysPerSecond => Searched > TimeSpan.Zero ? Attempts / Searched.TotalSeconds : 0;

    public bool Found => Seed.Length > 0;
}
