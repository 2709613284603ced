using Faucet.Tokens;
using Npgsql;

namespace Faucet.Api.Features.Vanity;

/// <summary>Reads the ids of a player's vanity jobs newest first, a page at a time, from the token ledger (read-only).
/// Pulls are read through their grain, which owns <c>vanity_pulls</c>.</summary>
public sealed class VanityQueries(NpgsqlDataSource database)
{
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
}
