using Npgsql;

namespace Faucet.Purchases;

public sealed class PostgresPurchaseStore(NpgsqlDataSource database) : IPurchaseStore
{
    public async Task RecordAsync(PurchaseView purchase, string? checkoutRef, string? paymentRef, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO purchases (purchase_id, user_id, package_id, tokens, amount_minor, currency, provider, method, status, failure_reason, checkout_ref, payment_ref, created_at, updated_at)
            VALUES (@id, @user, @package, @tokens, @amount, @currency, @provider, @method, @status, @reason, @ref, @payment, @created, @updated)
            ON CONFLICT (purchase_id) DO UPDATE
               SET status = excluded.status, failure_reason = excluded.failure_reason, checkout_ref = excluded.checkout_ref,
                   payment_ref = excluded.payment_ref, updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("id", purchase.PurchaseId);
        command.Parameters.AddWithValue("user", purchase.UserId);
        command.Parameters.AddWithValue("package", purchase.PackageId);
        command.Parameters.AddWithValue("tokens", purchase.Tokens);
        command.Parameters.AddWithValue("amount", purchase.AmountMinor);
        command.Parameters.AddWithValue("currency", purchase.Currency);
        command.Parameters.AddWithValue("provider", purchase.Provider);
        command.Parameters.AddWithValue("method", purchase.Method);
        command.Parameters.AddWithValue("status", purchase.Status.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("reason", (object?)purchase.FailureReason ?? DBNull.Value);
        command.Parameters.AddWithValue("ref", (object?)checkoutRef ?? DBNull.Value);
        command.Parameters.AddWithValue("payment", (object?)paymentRef ?? DBNull.Value);
        command.Parameters.AddWithValue("created", createdAt);
        command.Parameters.AddWithValue("updated", purchase.History[^1].At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> PurchaseOfPaymentAsync(string paymentRef, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT purchase_id FROM purchases WHERE payment_ref = @payment");
        command.Parameters.AddWithValue("payment", paymentRef);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
