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

    public async Task<ClickAccrual> AppendClicksAsync(string userId, long throughSeq, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Both numbers come from one snapshot: where clicks were accrued up to, and the entry number after the last.
        // Of two writers that read the same snapshot, the second finds the entry number taken and appends nothing.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using (var insert = database.CreateCommand($"""
                WITH accrued AS (
                    SELECT COALESCE(max(click_seq), 0) AS through FROM reward_journal WHERE user_id = @user AND click_seq IS NOT NULL),
                due AS (
                    SELECT max(c.seq) AS through, sum(c.reward_raw) AS amount
                      FROM click_events c, accrued
                     WHERE c.user_id = @user AND c.outcome = 'accepted' AND c.seq > accrued.through AND c.seq <= @through)
                INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, click_seq, recorded_at)
                SELECT @user, COALESCE((SELECT max(entry_no) FROM reward_journal WHERE user_id = @user), 0) + 1,
                       'clicks@' || due.through, 'clicks', due.amount, due.through, @at
                  FROM due
                 WHERE due.through IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING {Columns}, click_seq
                """))
            {
                insert.Parameters.AddWithValue("user", userId);
                insert.Parameters.AddWithValue("through", throughSeq);
                insert.Parameters.AddWithValue("at", at);
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new ClickAccrual(Read(reader), reader.GetInt64(7));
                }
            }

            await using var check = database.CreateCommand("""
                WITH accrued AS (
                    SELECT COALESCE(max(click_seq), 0) AS through FROM reward_journal WHERE user_id = @user AND click_seq IS NOT NULL)
                SELECT accrued.through,
                       EXISTS (SELECT 1 FROM click_events c
                                WHERE c.user_id = @user AND c.outcome = 'accepted' AND c.seq > accrued.through AND c.seq <= @through)
                  FROM accrued
                """);
            check.Parameters.AddWithValue("user", userId);
            check.Parameters.AddWithValue("through", throughSeq);
            await using var state = await check.ExecuteReaderAsync(cancellationToken);
            await state.ReadAsync(cancellationToken);
            if (!state.GetBoolean(1))
            {
                return new ClickAccrual(null, state.GetInt64(0));
            }
            // Clicks are still due: another writer took the entry number. Read afresh and try again.
        }
        throw new InvalidOperationException($"Another writer keeps appending to the reward account of {userId}; try again.");
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
