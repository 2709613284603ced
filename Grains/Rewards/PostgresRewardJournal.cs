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
    private const string BalanceColumns = "pending_raw, reserved_raw, paid_raw, kill_cursor, last_entry_no";
    private const string BalanceQuery = $"SELECT {BalanceColumns} FROM reward_balances WHERE user_id = @user";

    /// <summary>The column after <see cref="BalanceColumns"/> where a balance read of several accounts names the account.</summary>
    private const int BalanceUserColumn = 5;

    /// <summary>The most click runs one statement appends.</summary>
    private const int MaxClickRuns = 500;

    private readonly List<AskedClickRun> askedRuns = [];
    private bool writingRuns;

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

    /// <summary>
    /// Click runs are asked for by every player's account every few seconds of play, so they are written together:
    /// one statement appends the runs of every account that asked meanwhile, and the rule's trigger runs once for all
    /// of them. At most one such statement is in flight; runs asked for while it is wait for the next one, which
    /// takes at most one run of each account (an account's next run waits for its first).
    /// </summary>
    public Task<ClickRun> AppendClicksAsync(string userId, long throughSeq, DateTimeOffset at, BoostInForce? boost)
    {
        var run = new AskedClickRun(userId, throughSeq, at, boost is { Multiplier: > 1 } ? boost : null,
            new TaskCompletionSource<ClickRun>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (askedRuns)
        {
            askedRuns.Add(run);
            if (!writingRuns)
            {
                writingRuns = true;
                // Off the caller's scheduler: a grain's turn is not to carry the other accounts' runs.
                _ = Task.Run(WriteClickRunsAsync);
            }
        }
        return run.Answer.Task;
    }

    private async Task WriteClickRunsAsync()
    {
        while (true)
        {
            List<AskedClickRun> runs;
            lock (askedRuns)
            {
                if (askedRuns.Count == 0)
                {
                    writingRuns = false;
                    return;
                }
                runs = TakeOneRunPerAccount();
            }
            await WriteClickRunsAsync(runs);
        }
    }

    /// <summary>The first run asked for of each account, up to <see cref="MaxClickRuns"/>, in the order asked.</summary>
    private List<AskedClickRun> TakeOneRunPerAccount()
    {
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        var taken = new List<AskedClickRun>();
        var left = new List<AskedClickRun>();
        foreach (var run in askedRuns)
        {
            (taken.Count < MaxClickRuns && accounts.Add(run.UserId) ? taken : left).Add(run);
        }
        askedRuns.Clear();
        askedRuns.AddRange(left);
        return taken;
    }

    private async Task WriteClickRunsAsync(List<AskedClickRun> runs)
    {
        Dictionary<string, ClickRun> appended;
        try
        {
            appended = await AppendClickRunsAsync(runs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One account's refusal refuses the statement for every account in it, and an unanswered statement may or
            // may not have committed: each run is tried again on its own, so that only a run that fails alone fails.
            foreach (var run in runs)
            {
                _ = AppendClickRunAloneAsync(run);
            }
            return;
        }
        foreach (var run in runs)
        {
            if (appended.TryGetValue(run.UserId, out var done))
            {
                run.Answer.TrySetResult(done);
            }
            else
            {
                // Nothing was due, or another writer took the entry number: the run on its own finds out which.
                _ = AppendClickRunAloneAsync(run);
            }
        }
    }

    /// <summary>The runs as one statement, and the balances of the accounts they were appended to, in one round trip.</summary>
    private async Task<Dictionary<string, ClickRun>> AppendClickRunsAsync(List<AskedClickRun> runs)
    {
        await using var batch = database.CreateBatch();
        var insert = new NpgsqlBatchCommand($"""
            WITH asked AS (
                SELECT * FROM unnest(@users, @throughs, @ats, @boosts, @multipliers) AS a(user_id, through, at, boost, multiplier)),
            due AS (
                SELECT a.user_id, a.at, a.boost, a.multiplier, max(c.seq) AS through, sum(c.reward_raw) AS amount
                  FROM asked a
                 CROSS JOIN LATERAL (SELECT COALESCE(max(j.click_seq), 0) AS through
                                       FROM reward_journal j WHERE j.user_id = a.user_id AND j.click_seq IS NOT NULL) accrued
                  JOIN click_events c ON c.user_id = a.user_id AND c.outcome = 'accepted' AND c.seq > accrued.through AND c.seq <= a.through
                 GROUP BY a.user_id, a.at, a.boost, a.multiplier)
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, click_seq, recorded_at, boost, boost_multiplier, unboosted_raw)
            SELECT d.user_id, COALESCE((SELECT max(j.entry_no) FROM reward_journal j WHERE j.user_id = d.user_id), 0) + 1,
                   @key_prefix || d.through, 'clicks', CASE WHEN d.multiplier IS NULL THEN d.amount ELSE floor(d.amount * d.multiplier) END,
                   d.through, d.at, d.boost, d.multiplier, CASE WHEN d.multiplier IS NULL THEN NULL ELSE d.amount END
              FROM due d
            ON CONFLICT DO NOTHING
            RETURNING {Columns}, click_seq, user_id
            """);
        insert.Parameters.AddWithValue("users", runs.Select(r => r.UserId).ToArray());
        insert.Parameters.AddWithValue("throughs", runs.Select(r => r.ThroughSeq).ToArray());
        insert.Parameters.AddWithValue("ats", runs.Select(r => r.At).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("boosts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = runs.Select(r => r.Boost?.Name).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("multipliers", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = runs.Select(r => r.Boost?.Multiplier).ToArray() });
        insert.Parameters.AddWithValue("key_prefix", RewardEntryKeys.ClicksPrefix);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {BalanceColumns}, user_id FROM reward_balances WHERE user_id = ANY(@users)")
        {
            Parameters = { new NpgsqlParameter("users", runs.Select(r => r.UserId).ToArray()) },
        });
        await using var reader = await batch.ExecuteReaderAsync();
        var accruals = new Dictionary<string, ClickAccrual>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            accruals[reader.GetString(ClickSeqColumn + 1)] = new ClickAccrual(Read(reader), reader.GetInt64(ClickSeqColumn));
        }
        await reader.NextResultAsync();
        var appended = new Dictionary<string, ClickRun>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            if (accruals.TryGetValue(reader.GetString(BalanceUserColumn), out var accrual))
            {
                appended[reader.GetString(BalanceUserColumn)] = new ClickRun(accrual, ReadBalance(reader));
            }
        }
        return appended;
    }

    private async Task AppendClickRunAloneAsync(AskedClickRun run)
    {
        try
        {
            run.Answer.TrySetResult(await AppendClickRunAloneAsync(run.UserId, run.ThroughSeq, run.At, run.Boost));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            run.Answer.TrySetException(e);
        }
    }

    private async Task<ClickRun> AppendClickRunAloneAsync(string userId, long throughSeq, DateTimeOffset at, BoostInForce? boost)
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
                await using var reader = await batch.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    var accrual = new ClickAccrual(Read(reader), reader.GetInt64(ClickSeqColumn));
                    await reader.NextResultAsync();
                    return new ClickRun(accrual, await ReadBalanceAsync(reader, CancellationToken.None));
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
            await using var state = await check.ExecuteReaderAsync();
            await state.ReadAsync();
            var (accruedThrough, stillDue) = (state.GetInt64(0), state.GetBoolean(1));
            if (!stillDue)
            {
                await state.NextResultAsync();
                return new ClickRun(new ClickAccrual(null, accruedThrough), await ReadBalanceAsync(state, CancellationToken.None));
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
        await reader.ReadAsync(cancellationToken) ? ReadBalance(reader) : new RewardBalance(BanAmount.Zero, BanAmount.Zero, BanAmount.Zero, 0, 0);

    private static RewardBalance ReadBalance(NpgsqlDataReader reader) =>
        new(Raw(reader, 0), Raw(reader, 1), Raw(reader, 2), reader.GetInt64(3), reader.GetInt64(4));

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

    private sealed record AskedClickRun(string UserId, long ThroughSeq, DateTimeOffset At, BoostInForce? Boost, TaskCompletionSource<ClickRun> Answer);
}
