using System.Text.Json;
using Faucet.Api.Features.Account;
using Npgsql;

namespace Faucet.Api.Features.Audit;

/// <summary>Reads the audit log newest first, filtered by actor, action, subject and time, a page at a time (the
/// cursor is the last id seen).</summary>
public sealed class AuditQueries(NpgsqlDataSource database)
{
    public async Task<Page<AuditEntry>> ReadAsync(
        string? actor, string? action, string? subject, DateTimeOffset? since, DateTimeOffset? until, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT id, occurred_at, actor, action, subject, detail::text FROM audit_log
             WHERE (@actor::text IS NULL OR actor = @actor)
               AND (@action::text IS NULL OR action = @action)
               AND (@subject::text IS NULL OR subject = @subject)
               AND (@since::timestamptz IS NULL OR occurred_at >= @since)
               AND (@until::timestamptz IS NULL OR occurred_at < @until)
               AND (@before::bigint IS NULL OR id < @before)
             ORDER BY id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("actor", (object?)actor ?? DBNull.Value);
        command.Parameters.AddWithValue("action", (object?)action ?? DBNull.Value);
        command.Parameters.AddWithValue("subject", (object?)subject ?? DBNull.Value);
        command.Parameters.AddWithValue("since", (object?)since ?? DBNull.Value);
        command.Parameters.AddWithValue("until", (object?)until ?? DBNull.Value);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var detail = JsonDocument.Parse(reader.GetString(5));
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), detail.RootElement.Clone()));
        }
        return Pages.Of(entries, limit, last => last.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
