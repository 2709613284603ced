using System.Text.Json;
using Faucet.Api.Features.Account;
using Faucet.Tokens;
using Faucet.Vanity;
using Npgsql;

namespace Faucet.Api.Features.Vanity;

/// <summary>Reads a player's pulls and jobs newest first, a page at a time. The pulls grain writes <c>vanity_pulls</c>;
/// this is a read model of it, so it reads the rows itself rather than through the writer's store.</summary>
public sealed class VanityQueries(NpgsqlDataSource database)
{
    private const string PullColumns = "pull_id, parts, case_insensitive, fuzzy, did, match::text, candidates, tokens, created_at, kept_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The pull, if it is this player's.</summary>
    public async Task<VanityPullView?> PullAsync(string userId, string pullId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {PullColumns} FROM vanity_pulls WHERE user_id = @user AND pull_id = @id");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("id", pullId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPull(reader) : null;
    }

    public async Task<Page<VanityPullView>> PullsAsync(string userId, KeysetCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {PullColumns} FROM vanity_pulls
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
            pulls.Add(ReadPull(reader));
        }
        return Pages.Of(pulls, limit, last => new KeysetCursor(last.CreatedAt, last.PullId).ToString());
    }

    /// <summary>
    /// The ids of a player's jobs newest first, with the ledger entry number of each (the page cursor). A job whose
    /// price is held has exactly one escrow row in the token ledger whose reference is the job id, so the ledger is the
    /// list of jobs (one still <c>starting</c> joins it once its price is held); the jobs themselves live in their grains.
    /// </summary>
    public async Task<(List<(long EntryNo, string JobId)> Jobs, bool More)> JobIdsAsync(string userId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT entry_no, reference FROM token_ledger
             WHERE user_id = @user AND kind = @kind AND reference IS NOT NULL AND (@before::bigint IS NULL OR entry_no < @before)
             ORDER BY entry_no DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("kind", TokenEntryKind.Job.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return jobs.Count > limit ? (jobs[..limit], true) : (jobs, false);
    }

    private static VanityPullView ReadPull(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        new VanityRequest(reader.GetFieldValue<string[]>(1), reader.GetBoolean(2), reader.GetBoolean(3)),
        reader.GetString(4),
        JsonSerializer.Deserialize<VanityMatch>(reader.GetString(5), Json)!,
        reader.GetInt64(6),
        reader.GetInt64(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
}
