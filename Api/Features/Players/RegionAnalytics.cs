using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Npgsql;

namespace Faucet.Api.Features.Players;

/// <summary>
/// Where players come from, by country or region only: the code a trusted proxy puts in <c>analytics.region_header</c>,
/// handed to the Player grain (which keeps it, unless the player opted out) when they sign in or refresh; never the
/// address. Regions older than <c>retention_days</c> are never counted. Analytics never decide who may earn or be paid,
/// and a failure here never stops a sign-in. The report reads <c>player_regions</c>, which the Player grain writes.
/// </summary>
public sealed partial class RegionAnalytics(NpgsqlDataSource database, IClusterClient cluster, IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time, ILogger<RegionAnalytics> logger)
{
    private AnalyticsOptions Options => integrations.Analytics;

    public async Task RecordAsync(HttpContext context, string userId)
    {
        if (Options.RegionHeader.Length == 0)
        {
            return;
        }
        var region = RegionCodes.Of(context.Request.Headers[Options.RegionHeader]);
        if (region == RegionCodes.Unknown)
        {
            return;
        }
        try
        {
            await cluster.GetGrain<IPlayerGrain>(userId).RecordRegionAsync(region);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotRecorded(logger, e);
        }
    }

    /// <summary>Players per region among those seen within the retention window; the rest are unknown (never seen
    /// with a region, seen too long ago, or opted out, counted apart).</summary>
    public async Task<RegionReport> ReportAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var since = Cutoff(today);
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT r.region, count(*)::int FROM player_regions r JOIN players p USING (user_id)
             WHERE r.seen_on >= @since AND NOT p.analytics_opt_out
             GROUP BY r.region ORDER BY count(*) DESC, r.region
            """)
        { Parameters = { new NpgsqlParameter("since", since) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*)::int, count(*) FILTER (WHERE analytics_opt_out)::int FROM players"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var regions = new List<RegionCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            regions.Add(new RegionCount(reader.GetString(0), reader.GetInt32(1)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (players, optedOut) = (reader.GetInt32(0), reader.GetInt32(1));
        var unknown = Math.Max(0, players - optedOut - regions.Sum(r => r.Players));
        return new RegionReport(since, Options.RetentionDays, Options.RegionHeader.Length > 0, regions, unknown, optedOut);
    }

    /// <summary>The first day whose regions are still kept.</summary>
    public DateOnly KeptSince() => Cutoff(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    private DateOnly Cutoff(DateOnly today) => today.AddDays(-Options.RetentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A player's region was not recorded")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}
