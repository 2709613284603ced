using Npgsql;

namespace Faucet.PaymentMethods;

public sealed class PostgresPaymentMethodStore(NpgsqlDataSource database) : IPaymentMethodStore
{
    public async Task<List<SavedPaymentMethod>> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT method_id, type, brand, last_four, expiry, is_default, created_at, provider, provider_ref, fingerprint, customer_ref
              FROM payment_methods WHERE user_id = @user AND removed_at IS NULL
            """);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var methods = new List<SavedPaymentMethod>();
        while (await reader.ReadAsync(cancellationToken))
        {
            methods.Add(new SavedPaymentMethod(
                new PaymentMethodView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6)),
                reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return methods;
    }

    public async Task<string?> CustomerOfAsync(string userId, string provider, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT customer_ref FROM payment_customers WHERE user_id = @user AND provider = @provider");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("provider", provider);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task KeepCustomerAsync(string userId, string provider, string customerRef, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO payment_customers (user_id, provider, customer_ref, created_at) VALUES (@user, @provider, @customer, @at)
            ON CONFLICT (user_id, provider) DO NOTHING
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("customer", customerRef);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddAsync(string userId, SavedPaymentMethod method, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (method.View.IsDefault)
        {
            await ClearDefaultAsync(connection, userId, cancellationToken);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO payment_methods (method_id, user_id, provider, provider_ref, customer_ref, fingerprint, type, brand, last_four, expiry, is_default, created_at)
            VALUES (@id, @user, @provider, @ref, @customer, @fingerprint, @type, @brand, @last_four, @expiry, @is_default, @created)
            """, connection))
        {
            var view = method.View;
            insert.Parameters.AddWithValue("id", view.Id);
            insert.Parameters.AddWithValue("user", userId);
            insert.Parameters.AddWithValue("provider", method.Provider);
            insert.Parameters.AddWithValue("ref", method.ProviderRef);
            insert.Parameters.AddWithValue("customer", (object?)method.CustomerRef ?? DBNull.Value);
            insert.Parameters.AddWithValue("fingerprint", method.Fingerprint);
            insert.Parameters.AddWithValue("type", view.Type);
            insert.Parameters.AddWithValue("brand", view.Brand);
            insert.Parameters.AddWithValue("last_four", (object?)view.LastFour ?? DBNull.Value);
            insert.Parameters.AddWithValue("expiry", (object?)view.Expiry ?? DBNull.Value);
            insert.Parameters.AddWithValue("is_default", view.IsDefault);
            insert.Parameters.AddWithValue("created", view.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RemoveAsync(string userId, string methodId, string? newDefault, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var remove = new NpgsqlCommand(
            "UPDATE payment_methods SET removed_at = @at, is_default = false WHERE user_id = @user AND method_id = @id AND removed_at IS NULL", connection))
        {
            remove.Parameters.AddWithValue("at", at);
            remove.Parameters.AddWithValue("user", userId);
            remove.Parameters.AddWithValue("id", methodId);
            await remove.ExecuteNonQueryAsync(cancellationToken);
        }
        if (newDefault is not null)
        {
            await MakeDefaultAsync(connection, userId, newDefault, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetDefaultAsync(string userId, string methodId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ClearDefaultAsync(connection, userId, cancellationToken);
        await MakeDefaultAsync(connection, userId, methodId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ClearDefaultAsync(NpgsqlConnection connection, string userId, CancellationToken cancellationToken)
    {
        await using var clear = new NpgsqlCommand("UPDATE payment_methods SET is_default = false WHERE user_id = @user AND is_default", connection);
        clear.Parameters.AddWithValue("user", userId);
        await clear.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MakeDefaultAsync(NpgsqlConnection connection, string userId, string methodId, CancellationToken cancellationToken)
    {
        await using var make = new NpgsqlCommand("UPDATE payment_methods SET is_default = true WHERE user_id = @user AND method_id = @id AND removed_at IS NULL", connection);
        make.Parameters.AddWithValue("user", userId);
        make.Parameters.AddWithValue("id", methodId);
        await make.ExecuteNonQueryAsync(cancellationToken);
    }
}
