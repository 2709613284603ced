using Faucet.Clicker;
using Faucet.Configuration;

namespace Faucet.Tests.Clicker;

public sealed class ClickScorerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ClickVerdict[] Observe(IEnumerable<double> intervalsMs, AbuseHeuristicsOptions? rules = null)
    {
        var scorer = new ClickScorer(rules ?? new AbuseHeuristicsOptions());
        var at = Start;
        var verdicts = new List<ClickVerdict> { scorer.Observe(at) };
        foreach (var interval in intervalsMs)
        {
            at += TimeSpan.FromMilliseconds(interval);
            verdicts.Add(scorer.Observe(at));
        }
        return [.. verdicts];
    }

    [Fact]
    public void A_metronome_is_called_a_machine_once_a_whole_streak_of_intervals_is_in()
    {
        var verdicts = Observe(Enumerable.Repeat(250.0, ClickScorer.StreakLength + 4));

        Assert.All(verdicts[..ClickScorer.StreakLength], v => Assert.False(v.IsBot));
        Assert.Equal(ClickVerdict.TooRegular, verdicts[ClickScorer.StreakLength].BotReason);
        Assert.Equal(0, verdicts[ClickScorer.StreakLength].JitterMs);
    }

    [Fact]
    public void A_machine_with_a_little_programmed_jitter_is_still_too_regular()
    {
        var random = new Random(7);
        var verdicts = Observe(Enumerable.Range(0, 40).Select(_ => 200.0 + random.Next(-4, 5)));

        Assert.Contains(verdicts, v => v.BotReason == ClickVerdict.TooRegular);
    }

    [Fact]
    public void A_hand_whose_rhythm_wanders_is_never_flagged()
    {
        var random = new Random(11);
        var verdicts = Observe(Enumerable.Range(0, 500).Select(_ => 120 + random.NextDouble() * 380));

        Assert.DoesNotContain(verdicts, v => v.IsBot);
        Assert.All(verdicts.Skip(ClickScorer.StreakLength), v => Assert.True(v.JitterMs > 50));
    }

    [Fact]
    public void More_clicks_in_one_second_than_the_limit_is_too_fast_whatever_the_rhythm()
    {
        var random = new Random(3);
        var rules = new AbuseHeuristicsOptions { MaxClicksPerSecond = 15 };
        var verdicts = Observe(Enumerable.Range(0, 20).Select(_ => 30 + random.NextDouble() * 40), rules);

        var first = Array.FindIndex(verdicts, v => v.IsBot);
        Assert.Equal(ClickVerdict.TooFast, verdicts[first].BotReason);
        Assert.Equal(16, verdicts[first].ClicksLastSecond);
    }

    [Fact]
    public void A_pause_starts_a_new_streak_so_regular_bursts_apart_are_not_joined_up()
    {
        // Fifteen even intervals, a pause, fifteen more: never sixteen in a row.
        var intervals = Enumerable.Repeat(250.0, 15).Append(ClickScorer.StreakBreak.TotalMilliseconds + 500).Concat(Enumerable.Repeat(250.0, 15));

        Assert.DoesNotContain(Observe(intervals), v => v.IsBot);
    }

    [Fact]
    public void A_jitter_threshold_of_zero_turns_the_rhythm_check_off()
    {
        var verdicts = Observe(Enumerable.Repeat(250.0, 40), new AbuseHeuristicsOptions { MinIntervalJitterMs = 0 });

        Assert.DoesNotContain(verdicts, v => v.IsBot);
    }
}
