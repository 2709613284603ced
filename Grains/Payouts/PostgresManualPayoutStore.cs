using System.Numerics;
using Faucet.Money;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Payouts;

public sealed class PostgresManualPayoutStore(NpgsqlDataSource database) : IManualPayoutStore
{
    private const string Columns = "number, user_id, destination, amount_raw, reason, requested_by, requested_at, status, decided_by, decided_at, payout_id, idempotency_key";

    public async Task<(ManualPayoutRequest Request, bool Created)> CreateAsync(string idempotencyKey, string userId, BananoAddress destination, BanAmount amount,
        string reason, string requestedBy, BanAmount approvalThreshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Requests for one player are recorded one at a time: two at once would each sum the last 24 hours without the
        // other, and both fit under the threshold that together they exceed.
        await using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('manual_payouts:' || @user, 0))", connection, transaction))
        {
            serialize.Parameters.AddWithValue("user", userId);
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand($"""
            WITH recent AS (
                SELECT COALESCE(sum(amount_raw), 0) + @amount <= @threshold AS approved FROM manual_payouts
                 WHERE user_id = @user AND status <> 'rejected' AND requested_at > @day_ago
            ), inserted AS (
                INSERT INTO manual_payouts (idempotency_key, user_id, destination, amount_raw, reason, requested_by, requested_at, status, decided_by, decided_at)
                SELECT @key, @user, @destination, @amount, @reason, @by, @now,
                       CASE WHEN approved THEN 'approved' ELSE 'awaiting_approval' END, CASE WHEN approved THEN @by END, CASE WHEN approved THEN @now END
                  FROM recent
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING {Columns}
            )
            SELECT {Columns}, true FROM inserted
            UNION ALL
            SELECT {Columns}, false FROM manual_payouts WHERE idempotency_key = @key AND NOT EXISTS (SELECT 1 FROM inserted)
            """, connection, transaction);
        command.Parameters.AddWithValue("key", idempotencyKey);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("destination", destination.Value);
        command.Parameters.Add(new NpgsqlParameter("amount", NpgsqlDbType.Numeric) { Value = (BigInteger)amount.Raw });
        command.Parameters.Add(new NpgsqlParameter("threshold", NpgsqlDbType.Numeric) { Value = (BigInteger)approvalThreshold.Raw });
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("by", requestedBy);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("day_ago", now - TimeSpan.FromDays(1));
        (ManualPayoutRequest Request, bool Created) recorded;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                // The key's first request was being inserted by another call at this very moment.
                throw new InvalidOperationException($"Manual payout '{idempotencyKey}' is being recorded by another request; send it again.");
            }
            recorded = (Read(reader), reader.GetBoolean(12));
        }
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    public async Task<ManualPayoutRequest?> GetAsync(long number, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM manual_payouts WHERE number = @number");
        command.Parameters.AddWithValue("number", number);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<bool> DecideAsync(long number, string status, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE manual_payouts SET status = @status, decided_by = @by, decided_at = @now
             WHERE number = @number AND status = 'awaiting_approval'
            """);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("by", by);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task SetPayoutAsync(long number, string payoutId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE manual_payouts SET payout_id = @payout WHERE number = @number");
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("payout", payoutId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SettleByRoundAsync(long number, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE manual_payouts SET status = 'settled_by_round' WHERE number = @number AND status = 'approved' AND payout_id IS NULL");
        command.Parameters.AddWithValue("number", number);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ManualPayoutRequest>> ListAsync(string? status, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM manual_payouts
             WHERE (@status::text IS NULL OR status = @status) AND (@before::bigint IS NULL OR number < @before)
             ORDER BY number DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var requests = new List<ManualPayoutRequest>();
        while (await reader.ReadAsync(cancellationToken))
        {
            requests.Add(Read(reader));
        }
        return requests;
    }

    private static ManualPayoutRequest Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        BananoAddress.Parse(reader.GetString(2)),
        BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(3)),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetString(11));
}
