using System.Numerics;
using Npgsql;

namespace Faucet.Leaderboards;

public sealed class PostgresLeaderboardStore(NpgsqlDataSource database) : ILeaderboardStore
{
    public async Task<LeaderboardSnapshot> LoadAsync(string board, DateTimeOffset dayStart, DateTimeOffset weekStart, CancellationToken cancellationToken)
    {
        var sql = board switch
        {
            Boards.Ban => """
                SELECT user_id,
                       COALESCE(sum(amount_raw) FILTER (WHERE updated_at >= @day), 0),
                       COALESCE(sum(amount_raw) FILTER (WHERE updated_at >= @week), 0),
                       sum(amount_raw),
                       max(updated_at)
                  FROM payouts WHERE status = 'sent'
                 GROUP BY user_id
                """,
            Boards.Clicks => """
                SELECT user_id,
                       count(*) FILTER (WHERE clicked_at >= @day)::numeric,
                       count(*) FILTER (WHERE clicked_at >= @week)::numeric,
                       count(*)::numeric,
                       NULL::timestamptz
                  FROM click_events WHERE outcome = 'accepted'
                 GROUP BY user_id
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(board), board, "no such leaderboard"),
        };
        // One snapshot for the scores and the ids of the latest payouts in them.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var scores = new List<(string, UInt128, UInt128, UInt128)>();
        DateTimeOffset? through = null;
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.Parameters.AddWithValue("day", dayStart);
            command.Parameters.AddWithValue("week", weekStart);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scores.Add((reader.GetString(0), Raw(reader, 1), Raw(reader, 2), Raw(reader, 3)));
                if (!reader.IsDBNull(4) && reader.GetFieldValue<DateTimeOffset>(4) is var at && (through is null || at > through))
                {
                    through = at;
                }
            }
        }
        var near = new List<string>();
        if (through is { } latest)
        {
            await using var ids = new NpgsqlCommand("SELECT payout_id FROM payouts WHERE status = 'sent' AND updated_at >= @near", connection, transaction);
            ids.Parameters.AddWithValue("near", latest - LeaderboardScores.Overlap);
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                near.Add(reader.GetString(0));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new LeaderboardSnapshot(scores, through, near);
    }

    private static UInt128 Raw(NpgsqlDataReader reader, int ordinal) => (UInt128)reader.GetFieldValue<BigInteger>(ordinal);
}
