namespace Faucet.Vanity;

/// <summary>The <c>vanity_pulls</c> table.</summary>
public interface IVanityPullStore
{
    /// <summary>Records a pull; false (nothing changed) if one with its id exists.</summary>
    Task<bool> RecordAsync(string userId, VanityPullView pull, CancellationToken cancellationToken);

    /// <summary>The pull, if it is this user's, with its sealed seed when kept.</summary>
    Task<(VanityPullView Pull, byte[]? Nonce, byte[]? Sealed)?> GetAsync(string userId, string pullId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> of the user's pulls newest first, after the one made at
    /// <paramref name="beforeAt"/> with id <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<VanityPullView>> ListAsync(string userId, DateTimeOffset? beforeAt, string? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>Stores the sealed seed of a pull not kept yet; false when it was kept already.</summary>
    Task<bool> KeepAsync(string userId, string pullId, byte[] nonce, byte[] sealedSeed, DateTimeOffset at, CancellationToken cancellationToken);
}
