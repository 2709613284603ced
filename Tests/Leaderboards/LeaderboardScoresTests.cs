using Faucet.Clicker;
using Faucet.Leaderboards;
using Faucet.Settlement;

namespace Faucet.Tests.Leaderboards;

public sealed class LeaderboardScoresTests
{
    // A Wednesday; the week began on Monday the 23rd.
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private static CapWindows At(DateTimeOffset now) => CapWindows.At(now, TimeZoneInfo.Utc);

    private static ClickCounts Counts(DateTimeOffset now, long today, long week, long all) =>
        new(today, week, all, At(now).DayStart, At(now).WeekStart);

    [Fact]
    public void A_payout_counts_in_every_window_its_time_falls_in()
    {
        var scores = new LeaderboardScores(At(Wednesday));

        scores.Add("alice", Wednesday, 5);
        scores.Add("alice", Wednesday.AddDays(-1), 3);
        scores.Add("bob", Wednesday.AddDays(-10), 100);

        Assert.Equal([("alice", (UInt128)5)], scores.Top(LeaderboardWindow.Day, 10));
        Assert.Equal([("alice", (UInt128)8)], scores.Top(LeaderboardWindow.Week, 10));
        Assert.Equal([("bob", (UInt128)100), ("alice", (UInt128)8)], scores.Top(LeaderboardWindow.All, 10));
    }

    [Fact]
    public void Click_totals_only_ever_raise_a_score_so_a_late_or_repeated_total_changes_nothing()
    {
        var scores = new LeaderboardScores(At(Wednesday));

        scores.Raise("alice", Counts(Wednesday, today: 40, week: 90, all: 300));
        scores.Raise("alice", Counts(Wednesday, today: 25, week: 75, all: 285));
        scores.Raise("alice", Counts(Wednesday, today: 40, week: 90, all: 300));

        Assert.Equal((UInt128)40, scores.Top(LeaderboardWindow.Day, 1)[0].Score);
        Assert.Equal((UInt128)90, scores.Top(LeaderboardWindow.Week, 1)[0].Score);
        Assert.Equal((UInt128)300, scores.Top(LeaderboardWindow.All, 1)[0].Score);
    }

    [Fact]
    public void At_midnight_the_day_starts_empty_and_a_total_counted_yesterday_stays_out_of_it()
    {
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Raise("alice", Counts(Wednesday, today: 40, week: 90, all: 300));
        var thursday = Wednesday.AddDays(1);

        scores.Roll(At(thursday));
        scores.Raise("alice", Counts(Wednesday, today: 41, week: 91, all: 301));

        Assert.Empty(scores.Top(LeaderboardWindow.Day, 10));
        Assert.Equal((UInt128)91, scores.Top(LeaderboardWindow.Week, 1)[0].Score);
        Assert.Equal((UInt128)301, scores.Top(LeaderboardWindow.All, 1)[0].Score);
    }

    [Fact]
    public void On_Monday_the_week_starts_empty_too()
    {
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Add("alice", Wednesday, 7);

        scores.Roll(At(new DateTimeOffset(2026, 11, 30, 0, 0, 1, TimeSpan.Zero)));

        Assert.Empty(scores.Top(LeaderboardWindow.Day, 10));
        Assert.Empty(scores.Top(LeaderboardWindow.Week, 10));
        Assert.Equal((UInt128)7, scores.Top(LeaderboardWindow.All, 1)[0].Score);
    }

    [Fact]
    public void The_top_is_highest_first_equal_scores_by_user_id_and_cut_at_the_limit()
    {
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Load([("carol", 1, 1, 9), ("bob", 1, 1, 9), ("alice", 1, 1, 3), ("dave", 0, 0, 12)]);

        Assert.Equal(["dave", "bob", "carol"], scores.Top(LeaderboardWindow.All, 3).Select(t => t.UserId));
        Assert.Equal(["alice", "bob", "carol"], scores.Top(LeaderboardWindow.Day, 10).Select(t => t.UserId));
    }

    [Fact]
    public void A_payout_the_starting_snapshot_holds_is_not_counted_again_but_one_committed_after_it_is()
    {
        var latest = Wednesday.AddMinutes(-1);
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Load([("alice", 5, 5, 5)], through: latest, countedNear: ["p-alice"]);

        var inSnapshot = scores.AddPayout("p-alice", "alice", latest, 5);
        var longBefore = scores.AddPayout("p-old", "alice", latest - LeaderboardScores.Overlap - TimeSpan.FromSeconds(1), 7);
        // Sent a little before the latest one, on another silo's clock, and committed after the snapshot.
        var lateCommit = scores.AddPayout("p-bob", "bob", latest.AddSeconds(-20), 3);
        var later = scores.AddPayout("p-carol", "carol", Wednesday, 2);

        Assert.Equal((false, false, true, true), (inSnapshot, longBefore, lateCommit, later));
        Assert.Equal([("alice", (UInt128)5), ("bob", (UInt128)3), ("carol", (UInt128)2)], scores.Top(LeaderboardWindow.Day, 10));
    }

    [Fact]
    public void Without_a_snapshot_of_payouts_every_payout_counts()
    {
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Load([]);

        Assert.True(scores.AddPayout("p1", "alice", Wednesday.AddDays(-400), 4));
        Assert.Equal((UInt128)4, scores.Top(LeaderboardWindow.All, 1)[0].Score);
    }

    [Fact]
    public void The_kept_top_follows_every_change_of_score()
    {
        var scores = new LeaderboardScores(At(Wednesday));
        scores.Load([("alice", 3, 3, 3), ("bob", 2, 2, 2)]);
        var before = scores.Top(LeaderboardWindow.Day, 1);

        scores.Add("bob", Wednesday, 5);

        Assert.Equal("alice", before[0].UserId);
        Assert.Equal([("bob", (UInt128)7), ("alice", (UInt128)3)], scores.Top(LeaderboardWindow.Day, 2));
    }
}
