using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Rewards;

public sealed class PostgresRewardJournal(NpgsqlDataSource database) : IRewardJournal
{
    private const string Columns = "entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at";

    public async Task<JournalAppend> AppendAsync(string userId, RewardEntry entry, CancellationToken cancellationToken)
    {
        await using (var insert = database.CreateCommand("""
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at)
            VALUES (@user, @entry_no, @key, @kind, @amount, @kills, @round, @at)
            ON CONFLICT DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("user", userId);
            insert.Parameters.AddWithValue("entry_no", entry.EntryNo);
            insert.Parameters.AddWithValue("key", entry.IdempotencyKey);
            insert.Parameters.AddWithValue("kind", KindName(entry.Kind));
            insert.Parameters.AddWithValue("amount", (BigInteger)entry.Amount.Raw);
            insert.Parameters.AddWithValue("kills", (object?)entry.Kills ?? DBNull.Value);
            insert.Parameters.AddWithValue("round", (object?)entry.Round ?? DBNull.Value);
            insert.Parameters.AddWithValue("at", entry.RecordedAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new JournalAppend(JournalAppendOutcome.Appended);
            }
        }

        var existing = await FindAsync(userId, entry.IdempotencyKey, cancellationToken);
        return existing is not null
            ? new JournalAppend(JournalAppendOutcome.KeyAlreadyUsed, existing)
            : new JournalAppend(JournalAppendOutcome.EntryNumberTaken);
    }

    public async Task<RewardEntry?> FindAsync(string userId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM reward_journal WHERE user_id = @user AND idempotency_key = @key");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<RewardEntry>> ReadAfterAsync(string userId, long entryNo, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM reward_journal WHERE user_id = @user AND entry_no > @after ORDER BY entry_no");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("after", entryNo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<RewardEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }
        return entries;
    }

    private static RewardEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        Enum.Parse<RewardEntryKind>(reader.GetString(2), ignoreCase: true),
        BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(3)),
        reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.GetFieldValue<DateTimeOffset>(6));

    private static string KindName(RewardEntryKind kind) => kind.ToString().ToLowerInvariant();
}
