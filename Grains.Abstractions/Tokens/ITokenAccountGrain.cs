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
    /// else <paramref name="price"/> tokens. Repeating it for the same pull pays nothing more.</summary>
    [Alias("ChargePull")]
    Task<TokenChange> ChargePullAsync(string pullId, long price);

    [Alias("GetBalance")]
    Task<TokenBalance> GetBalanceAsync();
}
