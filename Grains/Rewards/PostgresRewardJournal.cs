using System.Numerics;
using Faucet.Money;
using Faucet.Boosts;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Rewards;

public sealed class PostgresRewardJournal(NpgsqlDataSource database) : IRewardJournal
{
    private const string Columns = "entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at, boost, boost_multiplier, unboosted_raw";

    /// <summary>The column after <see cref="Columns"/> where a click run's RETURNING puts its click number.</summary>
    private const int ClickSeqColumn = 10;

    // Read in the same round trip as each append: the trigger has updated the row by the time the next statement runs.
    private const string BalanceQuery =
        "SELECT pending_raw, reserved_raw, paid_raw, kill_cursor, last_entry_no FROM reward_balances WHERE user_id = @user";

    public async Task<JournalAppend> AppendAsync(string userId, RewardEntry entry, CancellationToken cancellationToken)
    {
        bool appended;
        RewardBalance balance;
        await using (var batch = database.CreateBatch())
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, kills, round_no, recorded_at, boost, boost_multiplier, unboosted_raw)
                VALUES (@user, @entry_no, @key, @kind, @amount, @kills, @round, @at, @boost, @multiplier, @unboosted)
                ON CONFLICT DO NOTHING
                RETURNING 1
                """);
            insert.Parameters.AddWithValue("user", userId);
            insert.Parameters.AddWithValue("entry_no", entry.EntryNo);
            insert.Parameters.AddWithValue("key", entry.IdempotencyKey);
            insert.Parameters.AddWithValue("kind", KindName(entry.Kind));
            insert.Parameters.AddWithValue("amount", (BigInteger)entry.Amount.Raw);
            insert.Parameters.AddWithValue("kills", (object?)entry.Kills ?? DBNull.Value);
            insert.Parameters.AddWithValue("round", (object?)entry.Round ?? DBNull.Value);
            insert.Parameters.AddWithValue("at", entry.RecordedAt);
            AddBoost(insert, entry.Boost?.Name, entry.Boost?.Multiplier);
            insert.Parameters.Add(new NpgsqlParameter("unboosted", NpgsqlDbType.Numeric) { Value = entry.Boost is { } boost ? (BigInteger)boost.Unboosted.Raw : DBNull.Value });
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(BalanceCommand(userId));
            try
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                appended = await reader.ReadAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                balance = await ReadBalanceAsync(reader, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
            {
                throw new RewardConflictException($"The reward account of {userId} refuses entry '{entry.IdempotencyKey}': {e.MessageText}");
            }
        }
        if (appended)
        {
            return new JournalAppend(JournalAppendOutcome.Appended, balance);
        }

        var existing = await FindAsync(userId, entry.IdempotencyKey, cancellationToken);
        return existing is not null
            ? new JournalAppend(JournalAppendOutcome.KeyAlreadyUsed, balance, existing)
            : new JournalAppend(JournalAppendOutcome.EntryNumberTaken, balance);
    }

    public async Task<ClickRun> AppendClicksAsync(string userId, long throughSeq, DateTimeOffset at, BoostInForce? boost, CancellationToken cancellationToken)
    {
        // Both numbers come from one snapshot: where clicks were accrued up to, and the entry number after the last.
        // Of two writers that read the same snapshot, the second finds the entry number taken and appends nothing.
        // A boost multiplies the run's sum once, rounded down to the raw, as BoostSchedule.Apply does for kills.
        var boosted = boost is { Multiplier: > 1 };
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using (var batch = database.CreateBatch())
            {
                var insert = new NpgsqlBatchCommand($"""
                    WITH accrued AS (
                        SELECT COALESCE(max(click_seq), 0) AS through FROM reward_journal WHERE user_id = @user AND click_seq IS NOT NULL),
                    due AS (
                        SELECT max(c.seq) AS through, sum(c.reward_raw) AS amount
                          FROM click_events c, accrued
                         WHERE c.user_id = @user AND c.outcome = 'accepted' AND c.seq > accrued.through AND c.seq <= @through)
                    INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, click_seq, recorded_at, boost, boost_multiplier, unboosted_raw)
                    SELECT @user, COALESCE((SELECT max(entry_no) FROM reward_journal WHERE user_id = @user), 0) + 1,
                           @key_prefix || due.through, 'clicks', {(boosted ? "floor(due.amount * @multiplier)" : "due.amount")}, due.through, @at,
                           @boost, @multiplier, {(boosted ? "due.amount" : "NULL")}
                      FROM due
                     WHERE due.through IS NOT NULL
                    ON CONFLICT DO NOTHING
                    RETURNING {Columns}, click_seq
                    """);
                insert.Parameters.AddWithValue("user", userId);
                insert.Parameters.AddWithValue("through", throughSeq);
                insert.Parameters.AddWithValue("key_prefix", RewardEntryKeys.ClicksPrefix);
                insert.Parameters.AddWithValue("at", at);
                AddBoost(insert, boosted ? boost!.Name : null, boosted ? boost!.Multiplier : null);
                batch.BatchCommands.Add(insert);
                batch.BatchCommands.Add(BalanceCommand(userId));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var accrual = new ClickAccrual(Read(reader), reader.GetInt64(ClickSeqColumn));
                    await reader.NextResultAsync(cancellationToken);
                    return new ClickRun(accrual, await ReadBalanceAsync(reader, cancellationToken));
                }
            }

            await using var check = database.CreateBatch();
            var due = new NpgsqlBatchCommand("""
                WITH accrued AS (
                    SELECT COALESCE(max(click_seq), 0) AS through FROM reward_journal WHERE user_id = @user AND click_seq IS NOT NULL)
                SELECT accrued.through,
                       EXISTS (SELECT 1 FROM click_events c
                                WHERE c.user_id = @user AND c.outcome = 'accepted' AND c.seq > accrued.through AND c.seq <= @through)
                  FROM accrued
                """);
            due.Parameters.AddWithValue("user", userId);
            due.Parameters.AddWithValue("through", throughSeq);
            check.BatchCommands.Add(due);
            check.BatchCommands.Add(BalanceCommand(userId));
            await using var state = await check.ExecuteReaderAsync(cancellationToken);
            await state.ReadAsync(cancellationToken);
            var (accruedThrough, stillDue) = (state.GetInt64(0), state.GetBoolean(1));
            if (!stillDue)
            {
                await state.NextResultAsync(cancellationToken);
                return new ClickRun(new ClickAccrual(null, accruedThrough), await ReadBalanceAsync(state, cancellationToken));
            }
            // Clicks are still due: another writer took the entry number. Read afresh and try again.
        }
        throw new InvalidOperationException($"Another writer keeps appending to the reward account of {userId}; try again.");
    }

    public async Task<RewardBalance> ReadBalanceAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(BalanceQuery);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadBalanceAsync(reader, cancellationToken);
    }

    private async Task<RewardEntry?> FindAsync(string userId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM reward_journal WHERE user_id = @user AND idempotency_key = @key");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static void AddBoost(NpgsqlBatchCommand command, string? name, decimal? multiplier)
    {
        command.Parameters.Add(new NpgsqlParameter("boost", NpgsqlDbType.Text) { Value = (object?)name ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("multiplier", NpgsqlDbType.Numeric) { Value = (object?)multiplier ?? DBNull.Value });
    }

    private static NpgsqlBatchCommand BalanceCommand(string userId) => new(BalanceQuery) { Parameters = { new NpgsqlParameter("user", userId) } };

    /// <summary>The balance row the reader is on, or the empty account of a player with no entries yet.</summary>
    private static async Task<RewardBalance> ReadBalanceAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken)
            ? new RewardBalance(Raw(reader, 0), Raw(reader, 1), Raw(reader, 2), reader.GetInt64(3), reader.GetInt64(4))
            : new RewardBalance(BanAmount.Zero, BanAmount.Zero, BanAmount.Zero, 0, 0);

    private static BanAmount Raw(NpgsqlDataReader reader, int column) => BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(column));

    private static RewardEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        Enum.Parse<RewardEntryKind>(reader.GetString(2), ignoreCase: true),
        Raw(reader, 3),
        reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : new RewardBoost(reader.GetString(7), reader.GetDecimal(8), Raw(reader, 9)));

    private static string KindName(RewardEntryKind kind) => kind.ToString().ToLowerInvariant();
}
