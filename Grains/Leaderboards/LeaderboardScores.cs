using Faucet.Clicker;
using Faucet.Settlement;

namespace Faucet.Leaderboards;

/// <summary>
/// Every player's score on one board in each window, without Orleans. Scores grow two ways: by increments (a
/// payout adds its amount to the windows its time falls in) or by running totals (a player's click counts, where
/// the larger of the known and the told count wins, so a late or repeated total changes nothing). When the day
/// or week turns, that window starts empty.
/// </summary>
public sealed class LeaderboardScores(CapWindows windows)
{
    private readonly Dictionary<string, UInt128> day = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> week = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> all = new(StringComparer.Ordinal);

    public CapWindows Windows { get; private set; } = windows;

    public void Load(IEnumerable<(string UserId, UInt128 Day, UInt128 Week, UInt128 All)> scores)
    {
        foreach (var (user, today, thisWeek, ever) in scores)
        {
            Set(day, user, today);
            Set(week, user, thisWeek);
            Set(all, user, ever);
        }
    }

    /// <summary>Moves to the windows of <paramref name="now"/>; a window that ended is emptied.</summary>
    public void Roll(CapWindows now)
    {
        if (now.DayStart != Windows.DayStart)
        {
            day.Clear();
        }
        if (now.WeekStart != Windows.WeekStart)
        {
            week.Clear();
        }
        Windows = now;
    }

    public void Add(string user, DateTimeOffset at, UInt128 amount)
    {
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
    public IReadOnlyList<(string UserId, UInt128 Score)> Top(LeaderboardWindow window, int limit) =>
        Of(window).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(limit).Select(p => (p.Key, p.Value)).ToList();

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
