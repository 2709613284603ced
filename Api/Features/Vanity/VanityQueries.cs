using Faucet.Api.Features.Account;
using Faucet.Vanity;
using Npgsql;

namespace Faucet.Api.Features.Vanity;

/// <summary>Reads a player's pulls newest first, a page at a time.</summary>
public sealed class VanityQueries(NpgsqlDataSource database)
{
    /// <summary>The pull, if it is this player's.</summary>
    public async Task<VanityPullView?> PullAsync(string userId, string pullId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {PostgresVanityPullStore.Columns} FROM vanity_pulls WHERE user_id = @user AND pull_id = @id");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("id", pullId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresVanityPullStore.Read(reader) : null;
    }

    public async Task<Page<VanityPullView>> PullsAsync(string userId, KeysetCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {PostgresVanityPullStore.Columns} FROM vanity_pulls
             WHERE user_id = @user AND (@before_at::timestamptz IS NULL OR (created_at, pull_id) < (@before_at, @before_id))
             ORDER BY created_at DESC, pull_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before_at", (object?)before?.At ?? DBNull.Value);
        command.Parameters.AddWithValue("before_id", (object?)before?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pulls = new List<VanityPullView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pulls.Add(PostgresVanityPullStore.Read(reader));
        }
        return Pages.Of(pulls, limit, last => new KeysetCursor(last.CreatedAt, last.PullId).ToString());
    }
}
