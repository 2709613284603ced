using Faucet.Api.Features.Account;
using Faucet.Tokens;
using Npgsql;

namespace Faucet.Api.Features.Tokens;

/// <summary>Reads a player's token ledger newest first, a page at a time (the cursor is the last entry number seen).</summary>
public sealed class TokenQueries(NpgsqlDataSource database)
{
    public async Task<Page<TokenEntry>> LedgerAsync(string userId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {PostgresTokenJournal.Columns} FROM token_ledger
             WHERE user_id = @user AND (@before::bigint IS NULL OR entry_no < @before)
             ORDER BY entry_no DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TokenEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(PostgresTokenJournal.Read(reader, 0));
        }
        return Pages.Of(entries, limit, last => last.EntryNo.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
