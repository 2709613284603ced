using Faucet.Clicker;
using Faucet.Settlement;

namespace Faucet.Leaderboards;

/// <summary>
/// Every player's score on one board in each window, without Orleans. Scores grow two ways: by payouts (each adds
/// its amount to the windows its time falls in, once) or by running totals (a player's click counts, where the
/// larger of the known and the told count wins, so a late or repeated total changes nothing). When the day or week
/// turns, that window starts empty. The top of each window is kept until a score changes.
/// </summary>
public sealed class LeaderboardScores(CapWindows windows)
{
    /// <summary>How far before the latest payout of the starting snapshot a payout may have been sent and still have
    /// been committed after it (its time comes from the silo that recorded it, not from the commit).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, UInt128> day = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> week = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> all = new(StringComparer.Ordinal);
    private readonly Dictionary<LeaderboardWindow, IReadOnlyList<(string UserId, UInt128 Score)>> tops = [];
    private readonly HashSet<string> counted = new(StringComparer.Ordinal);
    private DateTimeOffset? countedThrough;

    public CapWindows Windows { get; private set; } = windows;

    /// <summary>Starts from a snapshot of the tables. For a board of payouts, <paramref name="through"/> is the time of
    /// the latest payout in it and <paramref name="countedNear"/> the ids of those sent within <see cref="Overlap"/> of
    /// it: a payout among them, or sent before them, is in the scores already.</summary>
    public void Load(IEnumerable<(string UserId, UInt128 Day, UInt128 Week, UInt128 All)> scores, DateTimeOffset? through = null, IEnumerable<string>? countedNear = null)
    {
        foreach (var (user, today, thisWeek, ever) in scores)
        {
            Set(day, user, today);
            Set(week, user, thisWeek);
            Set(all, user, ever);
        }
        countedThrough = through;
        counted.UnionWith(countedNear ?? []);
        tops.Clear();
    }

    /// <summary>Moves to the windows of <paramref name="now"/>; a window that ended is emptied.</summary>
    public void Roll(CapWindows now)
    {
        if (now.DayStart != Windows.DayStart)
        {
            day.Clear();
            tops.Clear();
        }
        if (now.WeekStart != Windows.WeekStart)
        {
            week.Clear();
        }
        Windows = now;
    }

    /// <summary>Counts a payout sent, unless the starting snapshot holds it; false if it did.</summary>
    public bool AddPayout(string payoutId, string user, DateTimeOffset at, UInt128 amount)
    {
        if (countedThrough is { } through && (counted.Contains(payoutId) || at < through - Overlap))
        {
            return false;
        }
        Add(user, at, amount);
        return true;
    }

    public void Add(string user, DateTimeOffset at, UInt128 amount)
    {
        tops.Clear();
        all[user] = all.GetValueOrDefault(user) + amount;
        if (Windows.InWeek(at))
        {
            week[user] = week.GetValueOrDefault(user) + amount;
        }
        if (Windows.InDay(at))
        {
            day[user] = day.GetValueOrDefault(user) + amount;
        }
    }

    public void Raise(string user, ClickCounts counts)
    {
        tops.Clear();
        Max(all, user, (UInt128)counts.AllTime);
        if (counts.WeekStart == Windows.WeekStart)
        {
            Max(week, user, (UInt128)counts.ThisWeek);
        }
        if (counts.DayStart == Windows.DayStart)
        {
            Max(day, user, (UInt128)counts.Today);
        }
    }

    /// <summary>The <paramref name="limit"/> highest scores, highest first; equal scores by user id.</summary>
    public IReadOnlyList<(string UserId, UInt128 Score)> Top(LeaderboardWindow window, int limit)
    {
        if (!tops.TryGetValue(window, out var top) || (top.Count < limit && top.Count < Of(window).Count))
        {
            // Kept to the largest limit asked for (at least the longest board the Api serves).
            var keep = Math.Max(limit, ILeaderboardGrain.MaxLimit);
            tops[window] = top = Of(window).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(keep).Select(p => (p.Key, p.Value)).ToList();
        }
        return top.Count > limit ? top.Take(limit).ToList() : top;
    }

    public DateTimeOffset? StartOf(LeaderboardWindow window) => window switch
    {
        LeaderboardWindow.Day => Windows.DayStart,
        LeaderboardWindow.Week => Windows.WeekStart,
        _ => null,
    };

    private Dictionary<string, UInt128> Of(LeaderboardWindow window) => window switch
    {
        LeaderboardWindow.Day => day,
        LeaderboardWindow.Week => week,
        _ => all,
    };

    private static void Set(Dictionary<string, UInt128> scores, string user, UInt128 score)
    {
        if (score > 0)
        {
            scores[user] = score;
        }
    }

    private static void Max(Dictionary<string, UInt128> scores, string user, UInt128 score)
    {
        if (score > scores.GetValueOrDefault(user))
        {
            scores[user] = score;
        }
    }
}
