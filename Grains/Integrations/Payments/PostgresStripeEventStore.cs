using Npgsql;

namespace Faucet.Integrations.Payments;

public sealed class PostgresStripeEventStore(NpgsqlDataSource database) : IStripeEventStore
{
    public async Task<bool> HandledAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT 1 FROM stripe_events WHERE event_id = @id");
        command.Parameters.AddWithValue("id", eventId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task RecordAsync(string eventId, string type, string? purchaseId, DateTimeOffset handledAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO stripe_events (event_id, type, purchase_id, handled_at) VALUES (@id, @type, @purchase, @at) ON CONFLICT (event_id) DO NOTHING");
        command.Parameters.AddWithValue("id", eventId);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("purchase", (object?)purchaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("at", handledAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
