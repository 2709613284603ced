using Faucet.Api.Features.Account;
using Npgsql;

namespace Faucet.Api.Features.Webhooks;

/// <summary>Read-only lists of the webhook tables for operators: the endpoints and their deliveries (the tables are written
/// by the webhook grains).</summary>
public sealed class WebhookQueries(NpgsqlDataSource database)
{
    public async Task<IReadOnlyList<WebhookEndpointView>> ListAsync(string? endpointId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT e.endpoint_id, e.url, e.events, e.enabled, e.disabled_reason,
                   count(d.*) FILTER (WHERE d.status = 'pending'), count(d.*) FILTER (WHERE d.status = 'delivered'),
                   count(d.*) FILTER (WHERE d.status IN ('failed', 'abandoned')), e.created_at
              FROM webhook_endpoints e LEFT JOIN webhook_deliveries d USING (endpoint_id)
             WHERE @id::text IS NULL OR e.endpoint_id = @id
             GROUP BY e.endpoint_id
             ORDER BY e.created_at, e.endpoint_id
            """);
        command.Parameters.AddWithValue("id", (object?)endpointId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var endpoints = new List<WebhookEndpointView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            endpoints.Add(new WebhookEndpointView(reader.GetString(0), OptionUrl(reader.GetString(1)), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return endpoints;
    }

    public async Task<Page<WebhookDeliveryView>> DeliveriesAsync(string endpointId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT delivery_id, message_id, event_type, status, attempts, last_status, last_error, next_attempt_at, created_at, delivered_at
              FROM webhook_deliveries
             WHERE endpoint_id = @id AND (@before::bigint IS NULL OR delivery_id < @before)
             ORDER BY delivery_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("id", endpointId);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<WebhookDeliveryView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDeliveryView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return Pages.Of(deliveries, limit, last => last.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>URLs are shown with their query strings masked (tokens often travel there).</summary>
    private static string OptionUrl(string url) => url.Contains('?', StringComparison.Ordinal) ? url[..url.IndexOf('?', StringComparison.Ordinal)] + "?***" : url;
}
