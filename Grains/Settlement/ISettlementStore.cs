using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>What a settlement round reads from the database's indexes rather than from every grain, and the
/// settlement_rounds table it keeps for operators.</summary>
public interface ISettlementStore
{
    /// <summary>This database's ledger identity (table faucet_ledger), short enough for a send id.</summary>
    Task<string> LedgerAsync(CancellationToken cancellationToken);

    /// <summary>Players whose pending balance is above zero and at least <paramref name="atLeast"/> (the payout
    /// threshold), leaving out those held back at <paramref name="now"/>: not linked to an Epic account, or banned.</summary>
    Task<IReadOnlyList<string>> PlayersWithPendingAsync(BanAmount atLeast, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>For each of <paramref name="users"/>, in one round trip: the pending balance (none for a player banned
    /// at <paramref name="now"/>, so a ban made while the round pays still holds), the linked wallet, this round's payout
    /// if there is one, and the payouts that count against the caps (pending or sent, not failed or dry-run) since
    /// <paramref name="since"/>.</summary>
    Task<IReadOnlyList<PlayerToSettle>> LoadBatchAsync(string ledger, long round, IReadOnlyList<string> users, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One player's payouts that count against the caps since <paramref name="since"/>, as <see cref="LoadBatchAsync"/>
    /// reads them for a batch.</summary>
    Task<IReadOnlyList<CountedPayout>> CountedPayoutsSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Writes the round's row in settlement_rounds as it is now.</summary>
    Task RecordRoundAsync(RoundView round, CancellationToken cancellationToken);
}
