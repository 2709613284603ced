using System.Numerics;
using Npgsql;

namespace Faucet.Payouts;

public sealed class PostgresPayoutRecords(NpgsqlDataSource database) : IPayoutRecords
{
    public async Task RecordAsync(PayoutView payout, string? detail, CancellationToken cancellationToken)
    {
        var status = StatusName(payout.Status);
        await using var batch = database.CreateBatch();
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO payouts (payout_id, user_id, round_no, destination, amount_raw, status, attempts, block_hash, last_error, created_at, updated_at)
            VALUES (@id, @user, @round, @destination, @amount, @status, @attempts, @block, @error, @created, @updated)
            ON CONFLICT (payout_id) DO UPDATE
               SET status = excluded.status, attempts = excluded.attempts, block_hash = excluded.block_hash,
                   last_error = excluded.last_error, updated_at = excluded.updated_at
            """);
        upsert.Parameters.AddWithValue("id", payout.PayoutId);
        upsert.Parameters.AddWithValue("user", payout.Request.UserId);
        upsert.Parameters.AddWithValue("round", payout.Request.Round);
        upsert.Parameters.AddWithValue("destination", payout.Request.Destination.Value);
        upsert.Parameters.AddWithValue("amount", (BigInteger)payout.Request.Amount.Raw);
        upsert.Parameters.AddWithValue("status", status);
        upsert.Parameters.AddWithValue("attempts", payout.Attempts);
        upsert.Parameters.AddWithValue("block", (object?)payout.Block?.Value ?? DBNull.Value);
        upsert.Parameters.AddWithValue("error", (object?)payout.LastError ?? DBNull.Value);
        upsert.Parameters.AddWithValue("created", payout.CreatedAt);
        upsert.Parameters.AddWithValue("updated", payout.UpdatedAt);
        batch.BatchCommands.Add(upsert);

        var history = new NpgsqlBatchCommand("""
            INSERT INTO payout_events (payout_id, seq, at, status, detail)
            SELECT @id, COALESCE(max(seq), 0) + 1, @at, @status, @detail FROM payout_events WHERE payout_id = @id
            """);
        history.Parameters.AddWithValue("id", payout.PayoutId);
        history.Parameters.AddWithValue("at", payout.UpdatedAt);
        history.Parameters.AddWithValue("status", status);
        history.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        batch.BatchCommands.Add(history);

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string StatusName(PayoutStatus status) => status switch
    {
        PayoutStatus.Pending => "pending",
        PayoutStatus.Sent => "sent",
        PayoutStatus.Failed => "failed",
        PayoutStatus.DryRun => "dry_run",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
