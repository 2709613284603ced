using System.Text.Json;
using System.Text.Json.Serialization;
using Faucet.Money;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Audit;

public sealed class PostgresAuditLog(NpgsqlDataSource database) : IAuditLog
{
    /// <summary>A detail as the Api speaks: camelCase names, BAN as its exact decimal string (a raw integer of 30-plus
    /// digits is no number a reader's JSON keeps), statuses and other enums by their snake_case names.</summary>
    private static readonly JsonSerializerOptions DetailFormat = new(JsonSerializerDefaults.Web)
    {
        Converters = { new BanAmountAsText(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task RecordAsync(string actor, string action, string? subject, object? detail, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("INSERT INTO audit_log (actor, action, subject, detail) VALUES (@actor, @action, @subject, @detail)");
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("subject", (object?)subject ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(detail ?? new { }, DetailFormat));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class BanAmountAsText : JsonConverter<BanAmount>
    {
        public override BanAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BanAmount.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, BanAmount value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
