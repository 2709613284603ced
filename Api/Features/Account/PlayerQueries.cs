using System.Globalization;
using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Api.Features.Account;

/// <summary>A player's own history, read from the reward journal and the payouts table, newest first, a page at a
/// time. A cursor is opaque to clients: it is the position of the last item of a page.</summary>
public sealed class PlayerQueries(NpgsqlDataSource database)
{
    /// <param name="before">The entry number the page starts below (the cursor), or null for the newest.</param>
    public async Task<Page<AccrualItem>> AccrualsAsync(string userId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT entry_no, kind, amount_raw, kills, recorded_at, boost, boost_multiplier, unboosted_raw FROM reward_journal
             WHERE user_id = @user AND kind IN ('kills', 'clicks', 'grant') AND (@before::bigint IS NULL OR entry_no < @before)
             ORDER BY entry_no DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<AccrualItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AccrualItem(
                reader.GetInt64(0),
                reader.GetString(1),
                BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(2)),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6),
                reader.IsDBNull(7) ? null : BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(7))));
        }
        return Pages.Of(items, limit, last => last.EntryNo.ToString(CultureInfo.InvariantCulture));
    }

    /// <param name="before">The payout the page starts after (the cursor), or null for the newest.</param>
    /// <param name="userId">One player's payouts, or null for everyone's (operators).</param>
    /// <param name="status">Only payouts in this status (pending, sent, failed, dry_run), or null for all.</param>
    public async Task<Page<PayoutItem>> PayoutsAsync(string? userId, string? status, KeysetCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT payout_id, round_no, destination, amount_raw, status, attempts, block_hash, created_at, updated_at, user_id FROM payouts
             WHERE (@user::text IS NULL OR user_id = @user) AND (@status::text IS NULL OR status = @status)
               AND (@before_at::timestamptz IS NULL OR (created_at, payout_id) < (@before_at, @before_id))
             ORDER BY created_at DESC, payout_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", (object?)userId ?? DBNull.Value);
        command.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("before_at", (object?)before?.At ?? DBNull.Value);
        command.Parameters.AddWithValue("before_id", (object?)before?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<PayoutItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PayoutItem(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetString(2),
                BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(3)),
                reader.GetString(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetString(9)));
        }
        return Pages.Of(items, limit, last => new KeysetCursor(last.CreatedAt, last.PayoutId).ToString());
    }
}
