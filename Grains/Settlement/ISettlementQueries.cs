namespace Faucet.Settlement;

/// <summary>What a settlement round reads from the database's indexes rather than from every grain.</summary>
public interface ISettlementQueries
{
    /// <summary>This database's ledger identity (table faucet_ledger), short enough for a send id.</summary>
    Task<string> LedgerAsync(CancellationToken cancellationToken);

    /// <summary>Players whose pending balance is above zero (the reward_balances index).</summary>
    Task<IReadOnlyList<string>> PlayersWithPendingAsync(CancellationToken cancellationToken);

    /// <summary>The player's payouts that count against caps (pending or sent, not failed or dry-run) since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<CountedPayout>> CountedPayoutsSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken);
}
