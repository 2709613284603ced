using System.Numerics;
using Faucet.Money;
using Npgsql;

namespace Faucet.Api.Features.Operations;

/// <summary>Counts and sums over the faucet's tables in one round trip.</summary>
public sealed class StatsQueries(NpgsqlDataSource database)
{
    public async Task<AdminStats> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT (SELECT count(*) FROM players),
                   (SELECT count(*) FROM player_wallets),
                   (SELECT count(*) FROM player_epic_links WHERE status = 'linked'),
                   (SELECT count(*) FROM players WHERE ban_reason IS NOT NULL AND (banned_until IS NULL OR banned_until > @now)),
                   (SELECT count(DISTINCT user_id) FROM player_flags),
                   (SELECT COALESCE(sum(pending_raw), 0) FROM reward_balances),
                   (SELECT COALESCE(sum(amount_raw), 0) FROM reward_journal WHERE kind IN ('kills', 'clicks', 'grant') AND recorded_at >= @day_ago),
                   p.sent_raw, p.pending, p.sent, p.failed, p.dry_run,
                   (SELECT count(*) FROM click_events WHERE outcome = 'accepted' AND clicked_at >= @day_ago),
                   (SELECT count(*)::int FROM manual_payouts WHERE status = 'awaiting_approval'),
                   (SELECT COALESCE(max(round_no), 0) FROM settlement_rounds)
              FROM (SELECT COALESCE(sum(amount_raw) FILTER (WHERE status = 'sent'), 0) AS sent_raw,
                           count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'sent') AS sent,
                           count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER (WHERE status = 'dry_run') AS dry_run
                      FROM payouts) p
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("day_ago", now - TimeSpan.FromDays(1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        BanAmount Ban(int i) => BanAmount.FromRaw((UInt128)reader.GetFieldValue<BigInteger>(i));
        return new AdminStats(
            now,
            new PlayerStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)),
            Ban(5),
            Ban(6),
            Ban(7),
            new PayoutCounts(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11)),
            reader.GetInt64(12),
            reader.GetInt32(13),
            reader.GetInt64(14));
    }
}
