using System.Numerics;
using Faucet.Money;
using Npgsql;
using NpgsqlTypes;
using Faucet.Rewards;

namespace Faucet.Payouts;

public sealed class PostgresPayoutStore(NpgsqlDataSource database, IRewardRoundJournal rewards, RewardAccountChanges changes) : IPayoutStore
{
    internal const string Columns =
        "p.payout_id, p.ledger, p.user_id, p.round_no, p.destination, p.amount_raw, p.status, p.attempts, p.block_hash, p.last_error, p.created_at, p.updated_at, p.next_attempt_at, p.source_account";

    public async Task<PayoutView?> GetAsync(string payoutId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM payouts p WHERE p.payout_id = @id");
        command.Parameters.AddWithValue("id", payoutId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public async Task<IReadOnlySet<string>> ReserveAndRecordAsync(IReadOnlyList<PayoutRequest> requests, bool countFirstAttempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        if (requests.Count == 0)
        {
            return recorded;
        }

        // A payout's intent only follows a reservation made here, in the same transaction: both or neither.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var reserved = await rewards.ReserveAsync(transaction, requests.Select(r => new RoundReservation(r.UserId, r.Round, r.Amount)).ToList(), now, cancellationToken);
        var fresh = requests.Where(r => reserved.Contains((r.UserId, r.Round))).ToList();
        if (fresh.Count > 0)
        {
            await using var command = new NpgsqlCommand("""
                WITH intents AS (
                    INSERT INTO payouts (payout_id, ledger, user_id, round_no, destination, amount_raw, status, attempts, created_at, updated_at, source_account)
                    SELECT i.payout_id, i.ledger, i.user_id, i.round_no, i.destination, i.amount_raw, 'pending', @attempts, @now, @now, i.source_account
                      FROM unnest(@ids, @users, @rounds, @destinations, @amounts, @ledgers, @sources)
                        AS i (payout_id, user_id, round_no, destination, amount_raw, ledger, source_account)
                    RETURNING payout_id
                ), events AS (
                    INSERT INTO payout_events (payout_id, seq, at, status, detail)
                    SELECT payout_id, 1, @now, 'pending', 'reserved and recorded' FROM intents
                )
                SELECT payout_id FROM intents
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", fresh.Select(r => r.PayoutId).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string[]>("users", fresh.Select(r => r.UserId).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<long[]>("rounds", fresh.Select(r => r.Round).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string[]>("destinations", fresh.Select(r => r.Destination.Value).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<BigInteger[]>("amounts", fresh.Select(r => (BigInteger)r.Amount.Raw).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
            command.Parameters.Add(new NpgsqlParameter<string[]>("ledgers", fresh.Select(r => r.Ledger).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("sources", fresh.Select(r => r.Source?.Value).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.AddWithValue("attempts", countFirstAttempt ? 1 : 0);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetString(0));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        // A reservation moves BAN from pending to reserved, and the payout counts against the caps from now on.
        await changes.TellAsync(fresh.Select(r => r.UserId));
        return recorded;
    }

    public async Task<IReadOnlyList<PayoutView>> CountAttemptsAsync(IReadOnlyList<string> payoutIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (payoutIds.Count == 0)
        {
            return [];
        }
        await using var command = database.CreateCommand($"""
            UPDATE payouts p SET attempts = p.attempts + 1, updated_at = @now
             WHERE p.payout_id = ANY(@ids) AND p.status = 'pending'
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", payoutIds.ToArray()));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var views = new List<PayoutView>(payoutIds.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            views.Add(Read(reader, 0));
        }
        return views;
    }

    public async Task<IReadOnlySet<string>> CompleteAsync(IReadOnlyList<PayoutOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (outcomes.Count == 0)
        {
            return changed;
        }
        var ids = outcomes.Select(o => o.PayoutId).ToArray();
        var settled = new List<RoundOutcome>(outcomes.Count);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            WITH input AS (
                SELECT * FROM unnest(@ids, @statuses, @blocks, @errors, @next, @attempts, @details)
                    AS i (payout_id, status, block_hash, last_error, next_attempt_at, attempts, detail)
            ), changed AS (
                UPDATE payouts p
                   SET status = i.status, block_hash = i.block_hash, last_error = i.last_error,
                       next_attempt_at = i.next_attempt_at, updated_at = @now
                  FROM input i
                 WHERE p.payout_id = i.payout_id AND p.status = 'pending' AND p.attempts = i.attempts
                RETURNING p.payout_id, p.status, p.user_id, p.round_no, p.amount_raw
            ), events AS (
                INSERT INTO payout_events (payout_id, seq, at, status, detail)
                SELECT c.payout_id, (SELECT COALESCE(max(e.seq), 0) + 1 FROM payout_events e WHERE e.payout_id = c.payout_id), @now, c.status, i.detail
                  FROM changed c JOIN input i USING (payout_id)
            )
            SELECT payout_id, true, user_id, round_no, amount_raw, status FROM changed
            UNION ALL
            -- Final already: their entries were written with their status, so entering them again adds nothing.
            SELECT p.payout_id, false, p.user_id, p.round_no, p.amount_raw, p.status FROM payouts p
             WHERE p.payout_id = ANY(@ids) AND p.status <> 'pending'
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
            update.Parameters.Add(new NpgsqlParameter<string[]>("statuses", outcomes.Select(o => StatusName(o.Status)).ToArray()));
            update.Parameters.Add(new NpgsqlParameter<string?[]>("blocks", outcomes.Select(o => o.Block?.Value).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter<string?[]>("errors", outcomes.Select(o => o.Error).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]>("next", outcomes.Select(o => o.NextAttemptAt).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            update.Parameters.Add(new NpgsqlParameter<int[]>("attempts", outcomes.Select(o => o.Attempts).ToArray()));
            update.Parameters.Add(new NpgsqlParameter<string[]>("details", outcomes.Select(o => o.Detail).ToArray()));
            update.Parameters.AddWithValue("now", now);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(1))
                {
                    changed.Add(reader.GetString(0));
                }
                // An outcome that keeps the payout pending (a retry to come) settles nothing yet.
                if (reader.GetString(5) is var status && status != "pending")
                {
                    settled.Add(new RoundOutcome(
                        reader.GetString(2), reader.GetInt64(3), BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(4)), status == "sent"));
                }
            }
        }

        // Each final payout's journal entry, if it has none yet, in the same transaction as its final status.
        await rewards.SettleAsync(transaction, settled, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // A final status takes the payout out of the caps' count (failed) and settles its reservation in the journal.
        await changes.TellAsync(settled.Select(s => s.UserId));
        return changed;
    }

    internal static PayoutView Read(NpgsqlDataReader reader, int at) => new(
        reader.GetString(at),
        new PayoutRequest(
            reader.GetString(at + 2),
            reader.GetInt64(at + 3),
            BananoAddress.Parse(reader.GetString(at + 4)),
            BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(at + 5)),
            reader.GetString(at + 1),
            reader.IsDBNull(at + 13) ? null : BananoAddress.Parse(reader.GetString(at + 13))),
        ParseStatus(reader.GetString(at + 6)),
        reader.GetInt32(at + 7),
        reader.IsDBNull(at + 8) ? null : BlockHash.Parse(reader.GetString(at + 8)),
        reader.IsDBNull(at + 9) ? null : reader.GetString(at + 9),
        reader.GetFieldValue<DateTimeOffset>(at + 10),
        reader.GetFieldValue<DateTimeOffset>(at + 11),
        reader.IsDBNull(at + 12) ? null : reader.GetFieldValue<DateTimeOffset>(at + 12));

    private static string StatusName(PayoutStatus status) => status switch
    {
        PayoutStatus.Pending => "pending",
        PayoutStatus.Sent => "sent",
        PayoutStatus.Failed => "failed",
        PayoutStatus.DryRun => "dry_run",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static PayoutStatus ParseStatus(string status) => status switch
    {
        "pending" => PayoutStatus.Pending,
        "sent" => PayoutStatus.Sent,
        "failed" => PayoutStatus.Failed,
        "dry_run" => PayoutStatus.DryRun,
        _ => throw new InvalidDataException($"Unknown payout status '{status}'"),
    };
}
