using Faucet.Configuration;

namespace Faucet.Clicker;

/// <summary>
/// Tells a hand from a machine by the times clicks arrive (every attempt counts, throttled or not). A machine gives
/// itself away by speed (more clicks in one second than <c>max_clicks_per_second</c>) or by rhythm: over a streak of
/// <see cref="StreakLength"/> intervals, the spread of the intervals stays under <c>min_interval_jitter_ms</c>, where a
/// person's wanders by tens of milliseconds. A pause longer than <see cref="StreakBreak"/> starts a new streak.
/// </summary>
public sealed class ClickScorer(AbuseHeuristicsOptions rules)
{
    public const int StreakLength = 16;
    public static readonly TimeSpan StreakBreak = TimeSpan.FromSeconds(2);

    // Enough arrival times for both checks: a full streak (intervals + 1) and one second at the speed limit.
    private readonly Queue<DateTimeOffset> arrivals = new();
    private readonly int keep = Math.Max(StreakLength + 1, rules.MaxClicksPerSecond + 1);

    public ClickVerdict Observe(DateTimeOffset at)
    {
        if (arrivals.Count > 0 && at - arrivals.Last() > StreakBreak)
        {
            arrivals.Clear();
        }
        arrivals.Enqueue(at);
        while (arrivals.Count > keep)
        {
            arrivals.Dequeue();
        }

        var lastSecond = arrivals.Count(t => at - t < TimeSpan.FromSeconds(1));
        var jitter = Jitter();
        if (lastSecond > rules.MaxClicksPerSecond)
        {
            return new ClickVerdict(ClickVerdict.TooFast, lastSecond, jitter);
        }
        if (jitter is { } spread && spread < rules.MinIntervalJitterMs)
        {
            return new ClickVerdict(ClickVerdict.TooRegular, lastSecond, jitter);
        }
        return new ClickVerdict(null, lastSecond, jitter);
    }

    /// <summary>The standard deviation of the last streak's intervals in milliseconds; null before a full streak.</summary>
    private double? Jitter()
    {
        if (arrivals.Count < StreakLength + 1)
        {
            return null;
        }
        var times = arrivals.Skip(arrivals.Count - (StreakLength + 1)).ToArray();
        var intervals = new double[StreakLength];
        for (var i = 0; i < StreakLength; i++)
        {
            intervals[i] = (times[i + 1] - times[i]).TotalMilliseconds;
        }
        var mean = intervals.Average();
        return Math.Sqrt(intervals.Sum(x => (x - mean) * (x - mean)) / StreakLength);
    }
}
