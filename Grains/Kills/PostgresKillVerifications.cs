using Npgsql;

namespace Faucet.Kills;

public sealed class PostgresKillVerifications(NpgsqlDataSource database) : IKillVerifications
{
    public async Task<IReadOnlyList<KillCandidate>> DueAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT e.user_id, e.epic_id, last.kills, last.checked_at, {Settlement.PostgresSettlementStore.BannedAt("e.user_id")}
              FROM player_epic_links e
              LEFT JOIN LATERAL (SELECT k.checked_at AS last_checked FROM kill_verifications k
                                  WHERE k.user_id = e.user_id ORDER BY k.checked_at DESC LIMIT 1) v ON true
              LEFT JOIN LATERAL (SELECT k.kills, k.checked_at FROM kill_verifications k
                                  WHERE k.user_id = e.user_id AND k.epic_id = e.epic_id AND k.outcome = 'kills'
                                  ORDER BY k.checked_at DESC LIMIT 1) last ON true
             WHERE e.status = 'linked' AND e.epic_id IS NOT NULL
               -- One Epic account earns for one player: the first (by user id) linked to it.
               AND NOT EXISTS (SELECT 1 FROM player_epic_links o WHERE o.epic_id = e.epic_id AND o.status = 'linked' AND o.user_id < e.user_id)
             ORDER BY v.last_checked NULLS FIRST, e.user_id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<KillCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new KillCandidate(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4)));
        }
        return due;
    }

    public async Task RecordAsync(KillCandidate player, DateTimeOffset at, string outcome, long? kills, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("""
            INSERT INTO kill_verifications (user_id, epic_id, checked_at, outcome, kills) VALUES (@user, @epic, @at, @outcome, @kills)
            """);
        insert.Parameters.AddWithValue("user", player.UserId);
        insert.Parameters.AddWithValue("epic", player.EpicId);
        insert.Parameters.AddWithValue("at", at);
        insert.Parameters.AddWithValue("outcome", outcome);
        insert.Parameters.AddWithValue("kills", (object?)kills ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FlagAsync(string userId, string kind, object detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("INSERT INTO player_flags (user_id, kind, detail, flagged_at) VALUES (@user, @kind, @detail, @at)");
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.Add(new NpgsqlParameter("detail", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = System.Text.Json.JsonSerializer.Serialize(detail) });
        insert.Parameters.AddWithValue("at", at);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsBannedAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Settlement.PostgresSettlementStore.BannedAt("@user")}");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("now", now);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
