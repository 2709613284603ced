using Npgsql;

namespace Faucet.Rewards;

/// <summary>
/// The reward journal's way in for settlement: a round's reservations, and how they ended, for many accounts per
/// statement. It appends entries only; what an entry does to a balance, and which entries an account refuses, is the
/// journal's own rule. Each call joins the caller's transaction, so that the payouts written beside these entries
/// commit with them or not at all.
/// </summary>
public interface IRewardRoundJournal
{
    /// <summary>Appends a <c>reserve</c> entry for each reservation the account can take now and returns those
    /// appended. One is left out when the account no longer holds the amount, the round already reserved on it, or
    /// another writer took the account's next entry number at the same moment.</summary>
    Task<IReadOnlySet<(string UserId, long Round)>> ReserveAsync(
        NpgsqlTransaction transaction, IReadOnlyList<RoundReservation> reservations, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends the <c>commit</c> or <c>release</c> entry of each outcome that has neither yet. Entry numbers
    /// taken by other writers meanwhile are met by trying again; an account that keeps changing fails the call.</summary>
    Task SettleAsync(NpgsqlTransaction transaction, IReadOnlyList<RoundOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken);
}
