using System.Numerics;
using Faucet.Feed;
using Faucet.Money;
using Npgsql;

namespace Faucet.Api.Features.Live;

/// <summary>What the feed reads from the database: its recent history (the payouts sent) and the tick's totals.</summary>
public sealed class FeedQueries(NpgsqlDataSource database)
{
    /// <summary>The newest payouts sent, newest first, as the feed announced them.</summary>
    public async Task<IReadOnlyList<PayoutSentEvent>> RecentPayoutsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT payout_id, user_id, round_no, destination, amount_raw, block_hash, updated_at FROM payouts
             WHERE status = 'sent'
             ORDER BY updated_at DESC, payout_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<PayoutSentEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new PayoutSentEvent(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                BananoAddress.Parse(reader.GetString(3)),
                BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(4)),
                BlockHash.Parse(reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return events;
    }

    /// <summary>All BAN pending across players, and how many players have some.</summary>
    public async Task<(BanAmount Pending, long Players)> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT COALESCE(sum(pending_raw), 0), count(*) FROM reward_balances WHERE pending_raw > 0");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(0)), reader.GetInt64(1));
    }
}
