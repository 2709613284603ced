using Npgsql;

namespace Faucet.Tokens;

public sealed class PostgresTokenJournal(NpgsqlDataSource database) : ITokenJournal
{
    private const string Columns = "entry_no, idempotency_key, kind, amount, balance_before, balance_after, reference, recorded_at";

    public async Task<bool> AppendAsync(string userId, TokenEntry entry, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand("""
            INSERT INTO token_ledger (user_id, entry_no, idempotency_key, kind, amount, balance_before, balance_after, reference, recorded_at)
            VALUES (@user, @entry_no, @key, @kind, @amount, @before, @after, @reference, @at)
            ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("entry_no", entry.EntryNo);
        insert.Parameters.AddWithValue("key", entry.IdempotencyKey);
        insert.Parameters.AddWithValue("kind", entry.Kind.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("amount", entry.Amount);
        insert.Parameters.AddWithValue("before", entry.BalanceBefore);
        insert.Parameters.AddWithValue("after", entry.BalanceAfter);
        insert.Parameters.AddWithValue("reference", (object?)entry.Reference ?? DBNull.Value);
        insert.Parameters.AddWithValue("at", entry.RecordedAt);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<TokenEntry?> FindAsync(string userId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM token_ledger WHERE user_id = @user AND idempotency_key = @key");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public async Task<IReadOnlyList<TokenEntry>> ReadAfterAsync(string userId, long entryNo, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM token_ledger WHERE user_id = @user AND entry_no > @after ORDER BY entry_no");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("after", entryNo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TokenEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader, 0));
        }
        return entries;
    }

    public async Task<IReadOnlyList<TokenEntry>> ReadNewestAsync(string userId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM token_ledger
             WHERE user_id = @user AND (@before::bigint IS NULL OR entry_no < @before)
             ORDER BY entry_no DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TokenEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader, 0));
        }
        return entries;
    }

    private static TokenEntry Read(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        Enum.Parse<TokenEntryKind>(reader.GetString(first + 2), ignoreCase: true),
        reader.GetInt64(first + 3),
        reader.GetInt64(first + 4),
        reader.GetInt64(first + 5),
        reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        reader.GetFieldValue<DateTimeOffset>(first + 7));
}
