using System.Numerics;
using Faucet.Money;
using Faucet.Boosts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Rewards;

public sealed partial class PostgresRewardJournal(NpgsqlDataSource database, ILogger<PostgresRewardJournal>? logger = null) : IRewardJournal
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

    /// <summary>The most runs written alone at once (those a statement of runs left to each account).</summary>
    private const int AloneAtOnce = 8;

    private readonly List<AskedClickRun> askedRuns = [];
    private bool writingRuns;

    /// <summary>Accounts whose last run was refused on its own (guarded by <see cref="askedRuns"/>): their runs go alone
    /// until one is appended, so that one account the rule refuses does not sink every statement it would join.</summary>
    private readonly HashSet<string> refusedAlone = new(StringComparer.Ordinal);

    private readonly ILogger logger = logger ?? NullLogger<PostgresRewardJournal>.Instance;

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
    /// of them. One such statement is in flight at a time, and the runs of it that must go alone are written before
    /// the next; runs asked for meanwhile wait for the next one, which takes at most one run of each account (an
    /// account's next run waits for its first).
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
                // Off the caller's scheduler and out of its call's context: a grain's turn is not to carry the other
                // accounts' runs, nor its trace their statements.
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(WriteClickRunsAsync);
                }
            }
        }
        return run.Answer.Task;
    }

    private async Task WriteClickRunsAsync()
    {
        List<AskedClickRun> runs = [];
        try
        {
            while (true)
            {
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
        catch (Exception e)
        {
            // Only what the process cannot go on from gets here; even so no run is left waiting for its answer.
            lock (askedRuns)
            {
                runs.AddRange(askedRuns);
                askedRuns.Clear();
                writingRuns = false;
            }
            foreach (var run in runs)
            {
                run.Answer.TrySetException(e);
            }
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
        List<AskedClickRun> together, alone;
        lock (askedRuns)
        {
            together = [.. runs.Where(r => !refusedAlone.Contains(r.UserId))];
            alone = [.. runs.Where(r => refusedAlone.Contains(r.UserId))];
        }
        if (together.Count > 0)
        {
            try
            {
                var appended = await AppendClickRunsAsync(together);
                foreach (var run in together)
                {
                    if (appended.TryGetValue(run.UserId, out var done))
                    {
                        run.Answer.TrySetResult(done);
                    }
                    else
                    {
                        // Nothing was due, or another writer took the entry number: the run on its own finds out which.
                        alone.Add(run);
                    }
                }
            }
            catch (PostgresException e)
            {
                // The database refused the statement, and one account's refusal (or a deadlock) refuses it for every
                // account in it: each run goes again on its own, so that only a run that fails alone fails.
                LogRunsRefusedTogether(logger, together.Count, e);
                alone.AddRange(together);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unanswered: the statement may or may not have committed. Each account's grain hears of it (with an
                // exception of its own: they go on to different callers) and asks again later; a run asked again
                // appends only what is still due.
                LogRunsUnanswered(logger, together.Count, e);
                foreach (var run in together)
                {
                    run.Answer.TrySetException(new InvalidOperationException("The click runs could not be written; this one may or may not be appended.", e));
                }
            }
        }
        await Parallel.ForEachAsync(alone, new ParallelOptions { MaxDegreeOfParallelism = AloneAtOnce }, async (run, _) => await AppendClickRunAloneAsync(run));
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
             -- In the order of the accounts, as the settlement rounds' appends, so that two such statements that meet
             -- on the same accounts wait for each other in one order and not in a circle.
             ORDER BY d.user_id
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
            var done = await AppendClickRunAloneAsync(run.UserId, run.ThroughSeq, run.At, run.Boost);
            lock (askedRuns)
            {
                refusedAlone.Remove(run.UserId);
            }
            run.Answer.TrySetResult(done);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (e is PostgresException)
            {
                // Refused on its own too: the account's next runs go alone, not to sink a statement each.
                lock (askedRuns)
                {
                    refusedAlone.Add(run.UserId);
                }
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a statement of {Runs} click runs; each goes again on its own")]
    private static partial void LogRunsRefusedTogether(ILogger logger, int runs, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A statement of {Runs} click runs went unanswered; their accounts ask again")]
    private static partial void LogRunsUnanswered(ILogger logger, int runs, Exception exception);
}
