namespace Faucet.Tokens;

/// <summary>
/// A player's tokens, keyed by user id. Every credit and debit is first appended to the <c>token_ledger</c> table under
/// its idempotency key, with the balance before and after; the grain's state is a cache replayed from the ledger on
/// activation. Balances never go below zero.
/// </summary>
[Alias("faucet.ITokenAccountGrain")]
public interface ITokenAccountGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<TokenChange> ApplyAsync(TokenCommand command);

    /// <summary>Pays for pull <paramref name="pullId"/>: with one of today's free pulls if any is left (a 0-token entry),
    /// else <paramref name="price"/> tokens, which only a player who accepted the current terms may spend (a free pull
    /// stakes nothing and is not asked). Repeating it for the same pull pays nothing more.</summary>
    [Alias("ChargePull")]
    Task<TokenChange> ChargePullAsync(string pullId, long price);

    /// <summary>An admin's grant, made once per idempotency key and audited each time it is asked for (a repeat marked
    /// so: if the first answer was lost, the grant is in the log all the same).</summary>
    [Alias("Grant")]
    Task<TokenChange> GrantAsync(TokenGrant grant);

    /// <summary>Up to <paramref name="limit"/> ledger entries newest first, before the entry number
    /// <paramref name="before"/> when given.</summary>
    [Alias("GetEntries")]
    Task<IReadOnlyList<TokenEntry>> GetEntriesAsync(long? before, int limit);

    [Alias("GetBalance")]
    Task<TokenBalance> GetBalanceAsync();
}
