using System.Globalization;
using Faucet.Money;
using Faucet.Settlement;

namespace Faucet.Tests.Settlement;

public sealed class CapPolicyTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static BanAmount Ban(string amount) => BanAmount.Parse(amount);

    [Fact]
    public void The_daily_cap_resets_at_midnight_of_the_reset_zone()
    {
        var policy = new CapPolicy(dailyPayoutCap: 1, weeklyPayoutCap: 3, null, null, Utc);
        var paid = new[] { new CountedPayout(At("2026-11-18T23:59:59Z"), Ban("2.1")) };

        Assert.Equal(CapLimit.DailyPayouts, policy.Decide(Ban("4.2"), paid, At("2026-11-18T23:59:59.999Z")).LimitedBy);
        var nextDay = policy.Decide(Ban("4.2"), paid, At("2026-11-19T00:00:00Z"));
        Assert.Equal(Ban("4.2"), nextDay.Amount);
        Assert.Null(nextDay.LimitedBy);
        Assert.Equal(0, nextDay.PayoutsLeftToday);
        Assert.Equal(1, nextDay.PayoutsLeftThisWeek);
    }

    [Fact]
    public void The_weekly_cap_resets_on_monday_at_midnight()
    {
        var policy = new CapPolicy(dailyPayoutCap: 2, weeklyPayoutCap: 3, null, null, Utc);
        // Friday, Saturday and Sunday 22 November 2026.
        List<CountedPayout> paid =
        [
            new(At("2026-11-20T12:00:00Z"), Ban("1")),
            new(At("2026-11-21T12:00:00Z"), Ban("1")),
            new(At("2026-11-22T12:00:00Z"), Ban("1")),
        ];

        Assert.Equal(CapLimit.WeeklyPayouts, policy.Decide(Ban("1"), paid, At("2026-11-22T23:59:59Z")).LimitedBy);
        Assert.True(policy.Decide(Ban("1"), paid, At("2026-11-23T00:00:00Z")).Pays);
    }

    [Fact]
    public void Windows_follow_the_reset_zone_not_utc()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var policy = new CapPolicy(dailyPayoutCap: 1, weeklyPayoutCap: 7, null, null, berlin);
        // 23:30 UTC on 22 November is 00:30 on 23 November in Berlin: a new day there.
        var paid = new[] { new CountedPayout(At("2026-11-22T22:30:00Z"), Ban("1")) };

        Assert.Equal(CapLimit.DailyPayouts, policy.Decide(Ban("1"), paid, At("2026-11-22T22:59:00Z")).LimitedBy);
        Assert.True(policy.Decide(Ban("1"), paid, At("2026-11-22T23:00:00Z")).Pays);
        Assert.Equal(At("2026-11-22T23:00:00Z"), policy.WindowsAt(At("2026-11-23T10:00:00Z")).DayStart);
        Assert.Equal(At("2026-11-22T23:00:00Z"), policy.WindowsAt(At("2026-11-23T10:00:00Z")).WeekStart);
    }

    [Fact]
    public void An_amount_cap_pays_partially_and_the_rest_rolls_over_to_the_next_day()
    {
        var policy = new CapPolicy(dailyPayoutCap: 2, weeklyPayoutCap: 10, dailyBanCap: Ban("5"), weeklyBanCap: Ban("12"), Utc);
        var history = new List<CountedPayout>();

        var first = policy.Decide(Ban("8"), history, At("2026-11-23T08:00:00Z"));
        Assert.Equal((Ban("5"), CapLimit.DailyAmount), (first.Amount, first.LimitedBy));
        history.Add(new CountedPayout(At("2026-11-23T08:00:00Z"), first.Amount));

        var sameDay = policy.Decide(Ban("3"), history, At("2026-11-23T20:00:00Z"));
        Assert.Equal((BanAmount.Zero, CapLimit.DailyAmount), (sameDay.Amount, sameDay.LimitedBy));

        var nextDay = policy.Decide(Ban("3"), history, At("2026-11-24T00:00:00Z"));
        Assert.Equal(Ban("3"), nextDay.Amount);
        Assert.Equal(Ban("4"), nextDay.BanLeftThisWeek);
    }

    [Fact]
    public void Nothing_pending_pays_nothing_and_consumes_no_cap()
    {
        var decision = new CapPolicy(1, 3, null, null, Utc).Decide(BanAmount.Zero, [], At("2026-11-23T08:00:00Z"));

        Assert.False(decision.Pays);
        Assert.Equal(CapLimit.NothingPending, decision.LimitedBy);
        Assert.Equal((1, 3), (decision.PayoutsLeftToday, decision.PayoutsLeftThisWeek));
    }

    public static TheoryData<string, int> Zones => new()
    {
        { "UTC", 1 }, { "Europe/Berlin", 2 }, { "America/Havana", 3 }, { "America/Santiago", 4 }, { "Pacific/Chatham", 5 }, { "Asia/Kolkata", 6 },
    };

    /// <summary>
    /// A player is offered payouts at random moments over months, with random pending balances and random caps;
    /// some payouts fail and must not count. Whatever happens, no window of the zone ever holds more payouts or
    /// more BAN than its cap, no payout exceeds what is pending, and a payout is refused only for a cap that is
    /// really reached.
    /// </summary>
    [Theory]
    [MemberData(nameof(Zones))]
    public void Caps_hold_in_every_window_of_the_zone_whatever_the_schedule(string zoneId, int seed)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var random = new Random(seed);
        for (var trial = 0; trial < 40; trial++)
        {
            var daily = random.Next(1, 4);
            var weekly = random.Next(daily, 8);
            BanAmount? dailyBan = random.Next(2) == 0 ? null : BanAmount.FromRaw((UInt128)random.NextInt64(1, 50) * BanAmount.RawPerBan / 10);
            BanAmount? weeklyBan = random.Next(2) == 0 ? null : BanAmount.FromRaw((dailyBan?.Raw ?? BanAmount.RawPerBan) * (UInt128)random.Next(1, 6));
            var policy = new CapPolicy(daily, weekly, dailyBan, weeklyBan, zone);

            var history = new List<CountedPayout>();
            var now = At("2026-01-01T00:00:00Z").AddMinutes(random.Next(0, 60 * 24 * 365));
            for (var step = 0; step < 300; step++)
            {
                now = now.AddMinutes(random.Next(1, 60 * 30));
                var pending = BanAmount.FromRaw((UInt128)random.NextInt64(0, 100) * BanAmount.RawPerBan / 7);
                var decision = policy.Decide(pending, history, now);

                Assert.True(decision.Amount <= pending);
                Assert.Equal(decision.Pays, decision.Amount > BanAmount.Zero);
                AssertRefusalIsReal(policy, history, now, pending, decision, daily, weekly, dailyBan, weeklyBan);
                if (decision.Pays && random.Next(5) > 0)
                {
                    history.Add(new CountedPayout(now, decision.Amount));
                }
            }

            foreach (var payout in history)
            {
                var windows = policy.WindowsAt(payout.At);
                var inDay = history.Where(p => windows.InDay(p.At)).ToList();
                var inWeek = history.Where(p => windows.InWeek(p.At)).ToList();
                Assert.True(inDay.Count <= daily, $"{zoneId}: {inDay.Count} payouts on the day of {payout.At:O}, cap {daily}");
                Assert.True(inWeek.Count <= weekly, $"{zoneId}: {inWeek.Count} payouts in the week of {payout.At:O}, cap {weekly}");
                if (dailyBan is { } d)
                {
                    Assert.True(Sum(inDay) <= d.Raw);
                }
                if (weeklyBan is { } w)
                {
                    Assert.True(Sum(inWeek) <= w.Raw);
                }
                Assert.True(windows.DayStart <= payout.At && payout.At < windows.DayEnd);
                Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(windows.WeekStart, zone).DayOfWeek);
            }
        }
    }

    private static void AssertRefusalIsReal(CapPolicy policy, List<CountedPayout> history, DateTimeOffset now, BanAmount pending,
        CapDecision decision, int daily, int weekly, BanAmount? dailyBan, BanAmount? weeklyBan)
    {
        var windows = policy.WindowsAt(now);
        var today = history.Where(p => windows.InDay(p.At)).ToList();
        var week = history.Where(p => windows.InWeek(p.At)).ToList();
        switch (decision.LimitedBy)
        {
            case null:
                Assert.Equal(pending, decision.Amount);
                break;
            case CapLimit.NothingPending:
                Assert.Equal(BanAmount.Zero, pending);
                break;
            case CapLimit.DailyPayouts:
                Assert.Equal(daily, today.Count);
                break;
            case CapLimit.WeeklyPayouts:
                Assert.Equal(weekly, week.Count);
                break;
            case CapLimit.DailyAmount:
                Assert.Equal(dailyBan!.Value.Raw, Sum(today) + decision.Amount.Raw);
                break;
            case CapLimit.WeeklyAmount:
                Assert.Equal(weeklyBan!.Value.Raw, Sum(week) + decision.Amount.Raw);
                break;
        }
    }

    private static UInt128 Sum(IEnumerable<CountedPayout> payouts) => payouts.Aggregate(UInt128.Zero, (sum, p) => sum + p.Amount.Raw);
}
