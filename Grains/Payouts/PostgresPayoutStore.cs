using System.Numerics;
using Faucet.Money;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Payouts;

public sealed class PostgresPayoutStore(NpgsqlDataSource database) : IPayoutStore
{
    internal const string Columns =
        "p.payout_id, p.ledger, p.user_id, p.round_no, p.destination, p.amount_raw, p.status, p.attempts, p.block_hash, p.last_error, p.created_at, p.updated_at, p.next_attempt_at";

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

        // The reservation takes the account's next entry number as the database has it at this moment; if another
        // writer is appending to the same account, one of the two inserts finds the number taken and that
        // player's request is left out (and so is its intent, which only follows a reservation made here).
        await using var command = database.CreateCommand("""
            WITH input AS (
                SELECT * FROM unnest(@ids, @users, @rounds, @destinations, @amounts, @ledgers)
                    AS i (payout_id, user_id, round_no, destination, amount_raw, ledger)
            ), reserved AS (
                INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, round_no, recorded_at)
                SELECT i.user_id, b.last_entry_no + 1, 'reserve:' || i.round_no, 'reserve', i.amount_raw, i.round_no, @now
                  FROM input i JOIN reward_balances b USING (user_id)
                 WHERE b.pending_raw >= i.amount_raw
                ON CONFLICT DO NOTHING
                RETURNING user_id, round_no
            ), intents AS (
                INSERT INTO payouts (payout_id, ledger, user_id, round_no, destination, amount_raw, status, attempts, created_at, updated_at)
                SELECT i.payout_id, i.ledger, i.user_id, i.round_no, i.destination, i.amount_raw, 'pending', @attempts, @now, @now
                  FROM input i JOIN reserved r USING (user_id, round_no)
                RETURNING payout_id
            ), events AS (
                INSERT INTO payout_events (payout_id, seq, at, status, detail)
                SELECT payout_id, 1, @now, 'pending', 'reserved and recorded' FROM intents
            )
            SELECT payout_id FROM intents
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", requests.Select(r => r.PayoutId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("users", requests.Select(r => r.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("rounds", requests.Select(r => r.Round).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("destinations", requests.Select(r => r.Destination.Value).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<BigInteger[]>("amounts", requests.Select(r => (BigInteger)r.Amount.Raw).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter<string[]>("ledgers", requests.Select(r => r.Ledger).ToArray()));
        command.Parameters.AddWithValue("attempts", countFirstAttempt ? 1 : 0);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded.Add(reader.GetString(0));
        }
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
                RETURNING p.payout_id, p.status
            ), events AS (
                INSERT INTO payout_events (payout_id, seq, at, status, detail)
                SELECT c.payout_id, (SELECT COALESCE(max(e.seq), 0) + 1 FROM payout_events e WHERE e.payout_id = c.payout_id), @now, c.status, i.detail
                  FROM changed c JOIN input i USING (payout_id)
            )
            SELECT payout_id FROM changed
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
                changed.Add(reader.GetString(0));
            }
        }

        // Each final payout's journal entry, if it has none yet. The entry number is the account's next as the
        // database has it; when another writer takes that number at the same moment the insert skips the row, and
        // the next pass (which sees the other writer's entry) adds it.
        for (var pass = 0; ; pass++)
        {
            await using var settle = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"""
                        INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, round_no, recorded_at)
                        SELECT p.user_id, b.last_entry_no + 1, e.kind || ':' || p.round_no, e.kind, p.amount_raw, p.round_no, @now
                          FROM payouts p
                          JOIN reward_balances b USING (user_id)
                          CROSS JOIN LATERAL (SELECT CASE p.status WHEN 'sent' THEN 'commit' ELSE 'release' END AS kind) e
                         WHERE {Unsettled}
                        ON CONFLICT DO NOTHING
                        """) { Parameters = { new NpgsqlParameter<string[]>("ids", ids), new NpgsqlParameter("now", now) } },
                    new NpgsqlBatchCommand($"SELECT count(*) FROM payouts p WHERE {Unsettled}") { Parameters = { new NpgsqlParameter<string[]>("ids", ids) } },
                },
            };
            var left = (long)(await settle.ExecuteScalarAsync(cancellationToken) is { } n ? n : 0L);
            if (left == 0)
            {
                break;
            }
            if (pass == 4)
            {
                throw new InvalidOperationException($"{left} payouts could not be settled on their reward accounts: their accounts keep changing; try again");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>A final payout among @ids whose reward account has neither the commit nor the release of its round.</summary>
    private const string Unsettled = """
        p.payout_id = ANY(@ids) AND p.status <> 'pending'
        AND NOT EXISTS (SELECT 1 FROM reward_journal j
                         WHERE j.user_id = p.user_id AND j.idempotency_key IN ('commit:' || p.round_no, 'release:' || p.round_no))
        """;

    internal static PayoutView Read(NpgsqlDataReader reader, int at) => new(
        reader.GetString(at),
        new PayoutRequest(
            reader.GetString(at + 2),
            reader.GetInt64(at + 3),
            BananoAddress.Parse(reader.GetString(at + 4)),
            BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(at + 5)),
            reader.GetString(at + 1)),
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
