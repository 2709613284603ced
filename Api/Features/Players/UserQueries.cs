using System.Text.Json;
using Faucet.Api.Features.Account;
using Faucet.Players;
using Npgsql;

namespace Faucet.Api.Features.Players;

/// <summary>Searches the <c>players</c> directory, and reads a player's flags and region, for the admin API.</summary>
public sealed class UserQueries(NpgsqlDataSource database)
{
    private const string Summary = """
        SELECT p.user_id, p.display_name, p.identities, p.created_at, p.ban_reason, p.banned_until, p.banned_by, w.address,
               COALESCE(e.status, 'unchecked'), (SELECT count(*)::int FROM player_flags f WHERE f.user_id = p.user_id)
          FROM players p
          LEFT JOIN player_wallets w USING (user_id)
          LEFT JOIN player_epic_links e USING (user_id)
        """;

    /// <param name="query">Matches a user id, an identity (<c>discord:…</c>, a bare Discord id, an e-mail address,
    /// <c>did:key:…</c>), a linked wallet, or the start of a display name (any case). Null: everyone.</param>
    /// <param name="banned">Only players whose ban is (true) or is not (false) in force at <paramref name="now"/>.</param>
    /// <param name="flagged">Only players flagged (true) or never flagged (false) for review.</param>
    public async Task<Page<AdminUser>> SearchAsync(string? query, bool? banned, bool? flagged, KeysetCursor? before, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            {Summary}
             WHERE (@q::text IS NULL OR p.user_id = @q OR @q = ANY(p.identities) OR 'discord:' || @q = ANY(p.identities)
                    OR 'email:' || lower(@q) = ANY(p.identities) OR w.address = @q OR lower(p.display_name) LIKE @prefix ESCAPE '\')
               AND (@banned::boolean IS NULL OR (p.ban_reason IS NOT NULL AND (p.banned_until IS NULL OR p.banned_until > @now)) = @banned)
               AND (@flagged::boolean IS NULL OR EXISTS (SELECT 1 FROM player_flags f WHERE f.user_id = p.user_id) = @flagged)
               AND (@before_at::timestamptz IS NULL OR (p.created_at, p.user_id) < (@before_at, @before_id))
             ORDER BY p.created_at DESC, p.user_id DESC
             LIMIT @limit
            """);
        // A user id in any case finds its player (ids are stored upper case).
        command.Parameters.AddWithValue("q", query is null ? DBNull.Value : UserId.TryParse(query, out var id) ? id.Value : query);
        command.Parameters.AddWithValue("prefix", query is null ? DBNull.Value : EscapeLike(query.ToLowerInvariant()) + "%");
        command.Parameters.AddWithValue("banned", (object?)banned ?? DBNull.Value);
        command.Parameters.AddWithValue("flagged", (object?)flagged ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("before_at", (object?)before?.At ?? DBNull.Value);
        command.Parameters.AddWithValue("before_id", (object?)before?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<AdminUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader, now));
        }
        return Pages.Of(users, limit, last => new KeysetCursor(last.CreatedAt, last.UserId).ToString());
    }

    /// <summary>The player's directory row, or null if they have none (no such player).</summary>
    public async Task<AdminUser?> FindAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"{Summary} WHERE p.user_id = @user");
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, now) : null;
    }

    /// <summary>The player's flags, newest first (the latest 50), and their last region seen on or after
    /// <paramref name="regionsSince"/> (or "unknown", and always for a player who opted out).</summary>
    public async Task<(IReadOnlyList<PlayerFlag> Flags, string Region)> FlagsAndRegionAsync(string userId, DateOnly regionsSince, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT flag_id, kind, detail::text, flagged_at FROM player_flags WHERE user_id = @user ORDER BY flag_id DESC LIMIT 50")
        { Parameters = { new NpgsqlParameter("user", userId) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT r.region FROM player_regions r JOIN players p USING (user_id)
             WHERE r.user_id = @user AND NOT p.analytics_opt_out AND r.seen_on >= @since
            """)
        { Parameters = { new NpgsqlParameter("user", userId), new NpgsqlParameter("since", regionsSince) } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var flags = new List<PlayerFlag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var detail = JsonDocument.Parse(reader.GetString(2));
            flags.Add(new PlayerFlag(reader.GetInt64(0), reader.GetString(1), detail.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        var region = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : RegionCodes.Unknown;
        return (flags, region);
    }

    private static AdminUser Read(NpgsqlDataReader reader, DateTimeOffset now)
    {
        BanView? ban = null;
        if (!reader.IsDBNull(4))
        {
            var until = reader.IsDBNull(5) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(5);
            ban = new BanView(reader.GetString(4), until, reader.IsDBNull(6) ? "" : reader.GetString(6), until is null || now < until);
        }
        return new AdminUser(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetFieldValue<string[]>(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.GetString(8),
            ban,
            reader.GetInt32(9));
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
