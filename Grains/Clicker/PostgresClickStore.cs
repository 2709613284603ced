using System.Numerics;
using System.Threading.Channels;
using Faucet.Money;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faucet.Clicker;

public sealed partial class PostgresClickStore : IClickStore, IAsyncDisposable
{
    private const string Columns = "user_id, seq, client_nonce, clicked_at, outcome, reward_raw, ip_hash, agent_hash";
    private const int MaxBatch = 1000;

    private readonly NpgsqlDataSource database;
    private readonly ILogger<PostgresClickStore> logger;
    private readonly Channel<PendingClick> queue = Channel.CreateUnbounded<PendingClick>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;

    public PostgresClickStore(NpgsqlDataSource database, ILogger<PostgresClickStore> logger)
    {
        this.database = database;
        this.logger = logger;
        writer = Task.Run(WriteAsync);
    }

    public async Task<ClickHistory> LoadAsync(string userId, DateTimeOffset dayStart, DateTimeOffset weekStart, int recent, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command("""
            SELECT COALESCE(max(seq), 0),
                   (SELECT COALESCE(max(click_seq), 0) FROM reward_journal WHERE user_id = @user AND click_seq IS NOT NULL),
                   count(*) FILTER (WHERE outcome = 'accepted' AND clicked_at >= @day),
                   count(*) FILTER (WHERE outcome = 'accepted' AND clicked_at >= @week),
                   count(*) FILTER (WHERE outcome = 'accepted')
              FROM click_events WHERE user_id = @user
            """, ("user", userId), ("day", dayStart), ("week", weekStart)));
        batch.BatchCommands.Add(Command($"SELECT {Columns} FROM click_events WHERE user_id = @user ORDER BY seq DESC LIMIT @recent",
            ("user", userId), ("recent", recent)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (lastSeq, accrued, today, week, all) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        await reader.NextResultAsync(cancellationToken);
        var clicks = new List<ClickRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clicks.Add(Read(reader));
        }
        return new ClickHistory(lastSeq, accrued, today, week, all, clicks);
    }

    /// <summary>Queued for the writer, which inserts whatever has queued up as one statement: clicks arrive from
    /// many players at once, and one insert of many rows costs the database little more than one of a single row.</summary>
    public Task<ClickRecord?> AppendAsync(ClickRecord click, CancellationToken cancellationToken)
    {
        var pending = new PendingClick(click, new TaskCompletionSource<ClickRecord?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresClickStore), "The click log is shutting down");
        }
        return pending.Answer.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<PendingClick>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                var inserted = await InsertAsync(batch);
                foreach (var pending in batch)
                {
                    if (inserted.Contains((pending.Click.UserId, pending.Click.Seq)))
                    {
                        pending.Answer.TrySetResult(null);
                    }
                    else
                    {
                        // Rare: a nonce used before this activation (or a second writer). Answered on its own.
                        _ = AnswerConflictAsync(pending);
                    }
                }
            }
            catch (Exception e)
            {
                // Each click's grain gets an exception of its own (they go on to different callers).
                LogBatchFailed(logger, batch.Count, e);
                foreach (var pending in batch)
                {
                    pending.Answer.TrySetException(new InvalidOperationException("The click log could not be written; the click may or may not be recorded.", e));
                }
            }
            batch.Clear();
        }
    }

    private async Task<HashSet<(string, long)>> InsertAsync(List<PendingClick> batch)
    {
        await using var insert = database.CreateCommand($"""
            INSERT INTO click_events ({Columns})
            SELECT * FROM unnest(@users, @seqs, @nonces, @ats, @outcomes, @rewards, @ips, @agents)
            ON CONFLICT DO NOTHING
            RETURNING user_id, seq
            """);
        insert.Parameters.AddWithValue("users", batch.Select(p => p.Click.UserId).ToArray());
        insert.Parameters.AddWithValue("seqs", batch.Select(p => p.Click.Seq).ToArray());
        insert.Parameters.AddWithValue("nonces", batch.Select(p => p.Click.ClientNonce).ToArray());
        insert.Parameters.AddWithValue("ats", batch.Select(p => p.Click.At).ToArray());
        insert.Parameters.AddWithValue("outcomes", batch.Select(p => OutcomeName(p.Click.Outcome)).ToArray());
        insert.Parameters.AddWithValue("rewards", batch.Select(p => (BigInteger)p.Click.Reward.Raw).ToArray());
        insert.Parameters.AddWithValue("ips", batch.Select(p => p.Click.IpHash).ToArray());
        insert.Parameters.AddWithValue("agents", batch.Select(p => p.Click.AgentHash).ToArray());
        var inserted = new HashSet<(string, long)>();
        await using var reader = await insert.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inserted.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return inserted;
    }

    private async Task AnswerConflictAsync(PendingClick pending)
    {
        try
        {
            var click = pending.Click;
            await using var find = database.CreateCommand($"SELECT {Columns} FROM click_events WHERE user_id = @user AND client_nonce = @nonce");
            find.Parameters.AddWithValue("user", click.UserId);
            find.Parameters.AddWithValue("nonce", click.ClientNonce);
            await using var reader = await find.ExecuteReaderAsync();
            pending.Answer.TrySetResult(await reader.ReadAsync()
                ? Read(reader)
                : throw new InvalidOperationException($"Click {click.Seq} of {click.UserId} was recorded by another writer"));
        }
        catch (Exception e)
        {
            pending.Answer.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }

    private sealed record PendingClick(ClickRecord Click, TaskCompletionSource<ClickRecord?> Answer);

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static ClickRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        ParseOutcome(reader.GetString(4)),
        BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    private static string OutcomeName(ClickOutcome outcome) => outcome switch
    {
        ClickOutcome.Accepted => "accepted",
        ClickOutcome.RateLimited => "rate_limited",
        ClickOutcome.Banned => "banned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static ClickOutcome ParseOutcome(string name) => name switch
    {
        "accepted" => ClickOutcome.Accepted,
        "rate_limited" => ClickOutcome.RateLimited,
        "banned" => ClickOutcome.Banned,
        _ => throw new InvalidOperationException($"click_events holds an unknown outcome '{name}'"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} clicks could not be written to the click log")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
