using Npgsql;

namespace Faucet.Webhooks;

public sealed class PostgresWebhookStore(NpgsqlDataSource database) : IWebhookStore
{
    public async Task AddAsync(string endpointId, string url, string secret, IReadOnlyList<string> events, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO webhook_endpoints (endpoint_id, url, secret, events, created_by, created_at) VALUES (@id, @url, @secret, @events, @by, @now)");
        command.Parameters.AddWithValue("id", endpointId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("secret", secret);
        command.Parameters.Add(new NpgsqlParameter<string[]>("events", events.ToArray()));
        command.Parameters.AddWithValue("by", createdBy);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> PublishAsync(string eventType, string messageId, string payload, DateTimeOffset now, string? onlyEndpoint, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, status, next_attempt_at, created_at)
            SELECT e.endpoint_id, @message, @type, @payload, 'pending', @now, @now FROM webhook_endpoints e
             WHERE e.enabled AND (@only::text IS NULL AND @type = ANY(e.events) OR e.endpoint_id = @only)
            ON CONFLICT (endpoint_id, message_id) DO NOTHING
            RETURNING endpoint_id
            """);
        command.Parameters.AddWithValue("message", messageId);
        command.Parameters.AddWithValue("type", eventType);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("only", (object?)onlyEndpoint ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var endpoints = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            endpoints.Add(reader.GetString(0));
        }
        return endpoints;
    }

    public async Task<IReadOnlyList<string>> PublishManyAsync(IReadOnlyList<(string EventType, string MessageId, string Payload)> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return [];
        }
        await using var command = database.CreateCommand("""
            INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, status, next_attempt_at, created_at)
            SELECT e.endpoint_id, m.message_id, m.event_type, m.payload, 'pending', @now, @now
              FROM unnest(@types, @ids, @payloads) WITH ORDINALITY AS m (event_type, message_id, payload, position)
              JOIN webhook_endpoints e ON e.enabled AND m.event_type = ANY(e.events)
             ORDER BY m.position
            ON CONFLICT (endpoint_id, message_id) DO NOTHING
            RETURNING endpoint_id
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", events.Select(e => e.EventType).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", events.Select(e => e.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", events.Select(e => e.Payload).ToArray()));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var endpoints = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            endpoints.Add(reader.GetString(0));
        }
        return endpoints.ToList();
    }

    public async Task<(string Url, string Secret)?> EndpointAsync(string endpointId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT url, secret FROM webhook_endpoints WHERE endpoint_id = @id AND enabled");
        command.Parameters.AddWithValue("id", endpointId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        // In order, and only up to the first that is not due yet: a delivery waiting for its retry holds back the rest.
        await using var command = database.CreateCommand("""
            SELECT delivery_id, message_id, event_type, payload, attempts FROM (
                SELECT d.*, bool_or(d.next_attempt_at > @now) OVER (ORDER BY d.delivery_id) AS held
                  FROM webhook_deliveries d
                 WHERE d.endpoint_id = @id AND d.status = 'pending'
                 ORDER BY d.delivery_id
                 LIMIT @limit) pending
             WHERE NOT held
             ORDER BY delivery_id
            """);
        command.Parameters.AddWithValue("id", endpointId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new WebhookDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }
        return due;
    }

    public async Task<DateTimeOffset?> NextDueAsync(string endpointId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE endpoint_id = @id AND status = 'pending'");
        command.Parameters.AddWithValue("id", endpointId);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    public async Task RecordAttemptAsync(long deliveryId, string status, int? httpStatus, string? failure, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE webhook_deliveries
               SET status = @status, attempts = attempts + 1, last_status = @http, last_error = @error,
                   next_attempt_at = COALESCE(@next, next_attempt_at), delivered_at = CASE WHEN @status = 'delivered' THEN @now END
             WHERE delivery_id = @id AND status = 'pending'
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("http", (object?)httpStatus ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)failure ?? DBNull.Value);
        command.Parameters.AddWithValue("next", (object?)nextAttemptAt ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DisableAsync(string endpointId, string reason, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE webhook_endpoints SET enabled = false, disabled_reason = @reason WHERE endpoint_id = @id")
        {
            Parameters = { new NpgsqlParameter("id", endpointId), new NpgsqlParameter("reason", reason) },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE webhook_deliveries SET status = 'abandoned', last_error = @reason WHERE endpoint_id = @id AND status = 'pending'")
        {
            Parameters = { new NpgsqlParameter("id", endpointId), new NpgsqlParameter("reason", reason) },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> SyncConfiguredAsync(IReadOnlyList<(string Url, string Secret, IReadOnlyList<string> Events)> endpoints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            // Named after the URL, so that reordering the list never hands one endpoint's deliveries to another.
            var id = "config-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(endpoints[i].Url)))[..16];
            await using var command = database.CreateCommand("""
                INSERT INTO webhook_endpoints (endpoint_id, url, secret, events, created_by, created_at) VALUES (@id, @url, @secret, @events, 'integrations.yaml', @now)
                ON CONFLICT (endpoint_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, events = excluded.events
                """);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("url", endpoints[i].Url);
            command.Parameters.AddWithValue("secret", endpoints[i].Secret);
            command.Parameters.Add(new NpgsqlParameter<string[]>("events", endpoints[i].Events.ToArray()));
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
            ids.Add(id);
        }
        // Endpoints no longer in integrations.yaml get nothing more.
        await using (var retire = database.CreateCommand("""
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'removed from integrations.yaml'
             WHERE created_by = 'integrations.yaml' AND enabled AND NOT (endpoint_id = ANY(@ids))
            """))
        {
            retire.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids.ToArray()));
            await retire.ExecuteNonQueryAsync(cancellationToken);
        }
        return ids;
    }
}
