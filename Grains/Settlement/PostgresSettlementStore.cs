using System.Numerics;
using Faucet.Money;
using Faucet.Payouts;
using Npgsql;

namespace Faucet.Settlement;

public sealed class PostgresSettlementStore(NpgsqlDataSource database) : ISettlementStore
{
    public async Task<string> LedgerAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT id FROM faucet_ledger");
        var id = (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
        return id.ToString("N")[..12];
    }

    public async Task<IReadOnlyList<string>> PlayersWithPendingAsync(BanAmount atLeast, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A player Yunite reported as not linked or not found is not paid until a new check links them, and a
        // banned player not until the ban ends. One with less pending than the payout threshold waits for more.
        await using var command = database.CreateCommand($"""
            SELECT b.user_id FROM reward_balances b
             WHERE b.pending_raw > 0 AND b.pending_raw >= @at_least
               AND NOT EXISTS (SELECT 1 FROM player_epic_links e WHERE e.user_id = b.user_id AND e.status <> 'linked')
               AND NOT {BannedAt("b.user_id")}
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("at_least", (BigInteger)atLeast.Raw);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }
        return users;
    }

    public async Task<IReadOnlyList<PlayerToSettle>> LoadBatchAsync(string ledger, long round, IReadOnlyList<string> users, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = users.ToArray();
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT i.user_id, CASE WHEN {BannedAt("i.user_id")} THEN 0 ELSE COALESCE(b.pending_raw, 0) END, w.address, {PostgresPayoutStore.Columns}
              FROM unnest(@users) WITH ORDINALITY AS i (user_id, position)
              LEFT JOIN reward_balances b USING (user_id)
              LEFT JOIN player_wallets w USING (user_id)
              LEFT JOIN payouts p ON p.payout_id = @ledger || '-r' || @round || '-' || i.user_id
             ORDER BY i.position
            """)
        {
            Parameters = { new NpgsqlParameter<string[]>("users", ids), new NpgsqlParameter("ledger", ledger), new NpgsqlParameter("round", round), new NpgsqlParameter("now", now) },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT user_id, created_at, amount_raw FROM payouts
             WHERE user_id = ANY(@users) AND created_at >= @since AND {CountsAgainstCaps}
            """)
        {
            Parameters = { new NpgsqlParameter<string[]>("users", ids), new NpgsqlParameter("since", since) },
        });

        var rows = new List<(string User, BanAmount Pending, BananoAddress? Wallet, PayoutView? Payout)>(ids.Length);
        var history = new Dictionary<string, List<CountedPayout>>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((
                reader.GetString(0),
                BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(1)),
                reader.IsDBNull(2) ? null : BananoAddress.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : PostgresPayoutStore.Read(reader, 3)));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(0);
            if (!history.TryGetValue(user, out var payouts))
            {
                history[user] = payouts = [];
            }
            payouts.Add(new CountedPayout(reader.GetFieldValue<DateTimeOffset>(1), BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(2))));
        }
        return rows.Select(r => new PlayerToSettle(r.User, r.Pending, r.Wallet, r.Payout, history.TryGetValue(r.User, out var h) ? h : [])).ToList();
    }

    public async Task<IReadOnlyList<CountedPayout>> CountedPayoutsSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"SELECT created_at, amount_raw FROM payouts WHERE user_id = @user AND created_at >= @since AND {CountsAgainstCaps}");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var payouts = new List<CountedPayout>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payouts.Add(new CountedPayout(reader.GetFieldValue<DateTimeOffset>(0), BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(1))));
        }
        return payouts;
    }

    /// <summary>Whether an operator's ban of the player in <paramref name="userColumn"/> is in force at <c>@now</c>.</summary>
    internal static string BannedAt(string userColumn) =>
        $"EXISTS (SELECT 1 FROM players pb WHERE pb.user_id = {userColumn} AND pb.ban_reason IS NOT NULL AND (pb.banned_until IS NULL OR pb.banned_until > @now))";

    /// <summary>A payout counts against the caps while it is on its way or sent; a failed or dry-run one does not.</summary>
    /// <summary>Payouts of rounds (a manual payout's round number is below zero, and an operator's choice is not
    /// held to the player's caps).</summary>
    private const string CountsAgainstCaps = "status IN ('pending', 'sent') AND round_no > 0";

    public async Task RecordRoundAsync(RoundView round, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO settlement_rounds (round_no, status, seed, planned, payouts, total_raw, skipped_no_wallet, skipped_by_caps, skip_reason, started_at, finished_at)
            VALUES (@round, @status, @seed, @planned, @payouts, @total, @no_wallet, @by_caps, @reason, @started, @finished)
            ON CONFLICT (round_no) DO UPDATE
               SET status = excluded.status, seed = excluded.seed, planned = excluded.planned, payouts = excluded.payouts,
                   total_raw = excluded.total_raw, skipped_no_wallet = excluded.skipped_no_wallet, skipped_by_caps = excluded.skipped_by_caps,
                   skip_reason = excluded.skip_reason, finished_at = excluded.finished_at
            """);
        command.Parameters.AddWithValue("round", round.Number);
        command.Parameters.AddWithValue("status", round.Status switch
        {
            RoundStatus.Paying => "paying",
            RoundStatus.Done => "done",
            RoundStatus.Skipped => "skipped",
            _ => throw new ArgumentOutOfRangeException(nameof(round), round.Status, "a round is recorded once it has planned or skipped"),
        });
        command.Parameters.AddWithValue("seed", round.Seed);
        command.Parameters.AddWithValue("planned", round.Planned);
        command.Parameters.AddWithValue("payouts", round.PayoutsStarted);
        command.Parameters.AddWithValue("total", (BigInteger)round.Total.Raw);
        command.Parameters.AddWithValue("no_wallet", round.SkippedNoWallet);
        command.Parameters.AddWithValue("by_caps", round.SkippedByCaps);
        command.Parameters.AddWithValue("reason", (object?)round.SkipReason ?? DBNull.Value);
        command.Parameters.AddWithValue("started", round.StartedAt ?? throw new ArgumentException("A recorded round has started", nameof(round)));
        command.Parameters.AddWithValue("finished", (object?)round.FinishedAt ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
