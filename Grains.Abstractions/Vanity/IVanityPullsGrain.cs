namespace Faucet.Vanity;

/// <summary>
/// A player's gacha pulls, keyed by user id. A pull pays (a free pull or tokens, once per pull id), searches the
/// configured budget of candidates off the Orleans scheduler and returns the best key with its private key. The
/// private key stays in memory for the keep window; keeping it seals it (XChaCha20-Poly1305 under the vanity master
/// key) into the player's history, and only then can it be read again.
/// </summary>
[Alias("faucet.IVanityPullsGrain")]
public interface IVanityPullsGrain : IGrainWithStringKey
{
    [Alias("Pull")]
    Task<VanityPullOutcome> PullAsync(string pullId, VanityRequest request);

    [Alias("Keep")]
    Task<VanityKeepStatus> KeepAsync(string pullId);

    /// <summary>The private key of a kept pull; null if the pull is not the player's or was not kept.</summary>
    /// <summary>The player's pull, or null.</summary>
    [Alias("Get")]
    Task<VanityPullView?> GetAsync(string pullId);

    /// <summary>Up to <paramref name="limit"/> of the player's pulls newest first, after the one made at
    /// <paramref name="beforeAt"/> with id <paramref name="beforeId"/> when given.</summary>
    [Alias("List")]
    Task<IReadOnlyList<VanityPullView>> ListAsync(DateTimeOffset? beforeAt, string? beforeId, int limit);

    [Alias("GetKeptKey")]
    Task<ExportedKey?> GetKeptKeyAsync(string pullId);
}
