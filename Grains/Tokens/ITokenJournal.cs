namespace Faucet.Tokens;

/// <summary>The append-only <c>token_ledger</c> table.</summary>
public interface ITokenJournal
{
    /// <summary>Appends the entry; false (and nothing written) when its key or its number is already taken.</summary>
    Task<bool> AppendAsync(string userId, TokenEntry entry, CancellationToken cancellationToken);

    Task<TokenEntry?> FindAsync(string userId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The user's entries after <paramref name="entryNo"/>, in order.</summary>
    Task<IReadOnlyList<TokenEntry>> ReadAfterAsync(string userId, long entryNo, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> of the user's entries newest first, before the entry number
    /// <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<TokenEntry>> ReadNewestAsync(string userId, long? before, int limit, CancellationToken cancellationToken);
}
