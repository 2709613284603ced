using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Audit;

public sealed class PostgresAuditLog(NpgsqlDataSource database) : IAuditLog
{
    public async Task RecordAsync(string actor, string action, string? subject, object? detail, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("INSERT INTO audit_log (actor, action, subject, detail) VALUES (@actor, @action, @subject, @detail)");
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("subject", (object?)subject ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(detail ?? new { }));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
