using Faucet.Api.Features.Account;
using Npgsql;

namespace Faucet.Api.Features.Purchases;

/// <summary>A buyer's purchases newest first, a page at a time.</summary>
public sealed class PurchaseQueries(NpgsqlDataSource database)
{
    public async Task<Page<PurchaseSummary>> ListAsync(string userId, KeysetCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT purchase_id, package_id, tokens, amount_minor, currency, method, status, failure_reason, created_at, updated_at FROM purchases
             WHERE user_id = @user AND (@before_at::timestamptz IS NULL OR (created_at, purchase_id) < (@before_at, @before_id))
             ORDER BY created_at DESC, purchase_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before_at", (object?)before?.At ?? DBNull.Value);
        command.Parameters.AddWithValue("before_id", (object?)before?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var purchases = new List<PurchaseSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            purchases.Add(new PurchaseSummary(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return Pages.Of(purchases, limit, last => new KeysetCursor(last.CreatedAt, last.PurchaseId).ToString());
    }
}
