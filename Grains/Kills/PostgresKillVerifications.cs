using Npgsql;

namespace Faucet.Kills;

public sealed class PostgresKillVerifications(NpgsqlDataSource database) : IKillVerifications
{
    public async Task<IReadOnlyList<KillCandidate>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT e.user_id, e.epic_id, COALESCE(v.has_kills, false)
              FROM player_epic_links e
              LEFT JOIN LATERAL (SELECT max(k.checked_at) AS last_checked, bool_or(k.outcome = 'kills' AND k.epic_id = e.epic_id) AS has_kills
                                   FROM kill_verifications k WHERE k.user_id = e.user_id) v ON true
             WHERE e.status = 'linked' AND e.epic_id IS NOT NULL
               -- One Epic account earns for one player: the first (by user id) linked to it.
               AND NOT EXISTS (SELECT 1 FROM player_epic_links o WHERE o.epic_id = e.epic_id AND o.status = 'linked' AND o.user_id < e.user_id)
             ORDER BY v.last_checked NULLS FIRST, e.user_id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<KillCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new KillCandidate(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
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
}
