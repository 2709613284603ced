using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Clicker;

public sealed class PostgresClickStore(NpgsqlDataSource database) : IClickStore
{
    private const string Columns = "user_id, seq, client_nonce, clicked_at, outcome, reward_raw, ip_hash, agent_hash";

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

    public async Task<ClickRecord?> AppendAsync(ClickRecord click, CancellationToken cancellationToken)
    {
        await using (var insert = database.CreateCommand($"""
            INSERT INTO click_events ({Columns}) VALUES (@user, @seq, @nonce, @at, @outcome, @reward, @ip, @agent)
            ON CONFLICT DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("user", click.UserId);
            insert.Parameters.AddWithValue("seq", click.Seq);
            insert.Parameters.AddWithValue("nonce", click.ClientNonce);
            insert.Parameters.AddWithValue("at", click.At);
            insert.Parameters.AddWithValue("outcome", OutcomeName(click.Outcome));
            insert.Parameters.AddWithValue("reward", (BigInteger)click.Reward.Raw);
            insert.Parameters.AddWithValue("ip", (object?)click.IpHash ?? DBNull.Value);
            insert.Parameters.AddWithValue("agent", (object?)click.AgentHash ?? DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return null;
            }
        }

        await using var find = database.CreateCommand($"SELECT {Columns} FROM click_events WHERE user_id = @user AND client_nonce = @nonce");
        find.Parameters.AddWithValue("user", click.UserId);
        find.Parameters.AddWithValue("nonce", click.ClientNonce);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw new InvalidOperationException($"Click {click.Seq} of {click.UserId} was recorded by another writer");
    }

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
}
