using System.Numerics;
using Npgsql;
using NpgsqlTypes;

namespace Faucet.Rewards;

public sealed class PostgresRewardRoundJournal : IRewardRoundJournal
{
    public async Task<IReadOnlySet<(string UserId, long Round)>> ReserveAsync(
        NpgsqlTransaction transaction, IReadOnlyList<RoundReservation> reservations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reserved = new HashSet<(string, long)>();
        if (reservations.Count == 0)
        {
            return reserved;
        }

        // The entry number is the account's next as the database has it at this moment; when another writer takes it
        // first, the insert skips the row. The pending test only keeps one refused reservation from failing the whole
        // batch: the journal's trigger decides, and Tests/Rewards/RewardLedgerRuleTests holds this test to it.
        await using var command = new NpgsqlCommand("""
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, round_no, recorded_at)
            SELECT i.user_id, b.last_entry_no + 1, i.idempotency_key, 'reserve', i.amount_raw, i.round_no, @now
              FROM unnest(@users, @rounds, @amounts, @keys) AS i (user_id, round_no, amount_raw, idempotency_key)
              JOIN reward_balances b USING (user_id)
             WHERE b.pending_raw >= i.amount_raw
             ORDER BY i.user_id
            ON CONFLICT DO NOTHING
            RETURNING user_id, round_no
            """, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("users", reservations.Select(r => r.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("rounds", reservations.Select(r => r.Round).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<BigInteger[]>("amounts", reservations.Select(r => (BigInteger)r.Amount.Raw).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", reservations.Select(r => RewardEntryKeys.Reserve(r.Round)).ToArray()));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reserved.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return reserved;
    }

    public async Task SettleAsync(NpgsqlTransaction transaction, IReadOnlyList<RoundOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        var users = outcomes.Select(o => o.UserId).ToArray();
        var rounds = outcomes.Select(o => o.Round).ToArray();
        var commits = outcomes.Select(o => RewardEntryKeys.Commit(o.Round)).ToArray();
        var releases = outcomes.Select(o => RewardEntryKeys.Release(o.Round)).ToArray();
        var amounts = outcomes.Select(o => (BigInteger)o.Amount.Raw).ToArray();
        var paid = outcomes.Select(o => o.Paid).ToArray();

        // The entry number is the account's next as the database has it; when another writer takes that number at the
        // same moment the insert skips the row, and the next pass (which sees the other writer's entry) adds it.
        for (var pass = 0; ; pass++)
        {
            await using var settle = new NpgsqlBatch(transaction.Connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"""
                        INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, round_no, recorded_at)
                        SELECT i.user_id, b.last_entry_no + 1,
                               CASE WHEN i.paid THEN i.commit_key ELSE i.release_key END,
                               CASE WHEN i.paid THEN 'commit' ELSE 'release' END,
                               i.amount_raw, i.round_no, @now
                          FROM {Input}
                          JOIN reward_balances b USING (user_id)
                         WHERE {Unsettled}
                         ORDER BY i.user_id
                        ON CONFLICT DO NOTHING
                        """)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string[]>("users", users), new NpgsqlParameter<long[]>("rounds", rounds),
                            new NpgsqlParameter<string[]>("commits", commits), new NpgsqlParameter<string[]>("releases", releases),
                            new NpgsqlParameter<BigInteger[]>("amounts", amounts) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric },
                            new NpgsqlParameter<bool[]>("paid", paid), new NpgsqlParameter("now", now),
                        },
                    },
                    new NpgsqlBatchCommand($"SELECT count(*) FROM {Input} WHERE {Unsettled}")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string[]>("users", users), new NpgsqlParameter<long[]>("rounds", rounds),
                            new NpgsqlParameter<string[]>("commits", commits), new NpgsqlParameter<string[]>("releases", releases),
                            new NpgsqlParameter<BigInteger[]>("amounts", amounts) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric },
                            new NpgsqlParameter<bool[]>("paid", paid),
                        },
                    },
                },
            };
            var left = (long)(await settle.ExecuteScalarAsync(cancellationToken) is { } n ? n : 0L);
            if (left == 0)
            {
                return;
            }
            if (pass == 4)
            {
                throw new InvalidOperationException($"{left} round outcomes could not be entered on their reward accounts: the accounts keep changing; try again");
            }
        }
    }

    private const string Input = "unnest(@users, @rounds, @commits, @releases, @amounts, @paid) AS i (user_id, round_no, commit_key, release_key, amount_raw, paid)";

    /// <summary>An outcome whose account has neither the commit nor the release of its round.</summary>
    private const string Unsettled = """
        NOT EXISTS (SELECT 1 FROM reward_journal j
                     WHERE j.user_id = i.user_id AND j.idempotency_key IN (i.commit_key, i.release_key))
        """;
}
