using System.Globalization;
using Faucet.Boosts;
using Faucet.Configuration;
using Faucet.Money;
using Faucet.Rewards;

namespace Faucet.Tests.Boosts;

public sealed class BoostScheduleTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-19T00:00Z", CultureInfo.InvariantCulture);

    private static BoostSchedule Schedule(params DonationMilestoneOptions[] milestones)
    {
        var payout = new PayoutOptions
        {
            Boosts =
            [
                new BoostOptions { Name = "Weekend", Start = "2026-12-19T00:00", End = "2026-12-21T00:00", Multiplier = 2, AppliesTo = BoostAppliesTo.Kills },
                new BoostOptions { Name = "Click hour", Start = "2026-12-19T12:00", End = "2026-12-19T13:00", Multiplier = 1.5m, AppliesTo = BoostAppliesTo.Clicks },
            ],
            DonationMilestones = [.. milestones],
        };
        Assert.Empty(payout.Validate());
        return new BoostSchedule(payout);
    }

    [Fact]
    public void A_boost_is_in_force_from_its_start_until_just_before_its_end_for_what_it_applies_to()
    {
        var schedule = Schedule();

        Assert.Null(schedule.InForce(BoostAppliesTo.Kills, Start.AddTicks(-10), milestone: null));
        Assert.Equal(new BoostInForce("Weekend", 2), schedule.InForce(BoostAppliesTo.Kills, Start, milestone: null));
        Assert.Null(schedule.InForce(BoostAppliesTo.Clicks, Start, milestone: null));
        Assert.Equal(new BoostInForce("Click hour", 1.5m), schedule.InForce(BoostAppliesTo.Clicks, Start.AddHours(12), milestone: null));
        Assert.Null(schedule.InForce(BoostAppliesTo.Clicks, Start.AddHours(13), milestone: null));
        Assert.Null(schedule.InForce(BoostAppliesTo.Kills, Start.AddDays(2), milestone: null));
        Assert.Equal(["Click hour"], schedule.UpcomingAfter(Start).Select(b => b.Name));
    }

    [Fact]
    public void Of_a_scheduled_boost_and_a_donation_milestone_the_higher_multiplier_applies_and_they_never_multiply()
    {
        var schedule = Schedule();
        var donors = new BoostInForce("Donors' boost", 3);
        var smallDonors = new BoostInForce("Donors' boost", 1.25m);

        Assert.Equal(donors, schedule.InForce(BoostAppliesTo.Kills, Start, donors));
        Assert.Equal(new BoostInForce("Weekend", 2), schedule.InForce(BoostAppliesTo.Kills, Start, smallDonors));
        Assert.Equal(smallDonors, schedule.InForce(BoostAppliesTo.Clicks, Start, smallDonors));
    }

    [Fact]
    public void A_boosted_amount_is_the_unboosted_times_the_multiplier_rounded_down_to_the_raw_and_names_its_boost()
    {
        var unboosted = BanAmount.FromRaw(UInt128.Parse("1000000000000000000000000003", CultureInfo.InvariantCulture));

        var boost = BoostSchedule.Apply(new BoostInForce("Click hour", 1.5m), unboosted, out var amount);
        var none = BoostSchedule.Apply(new BoostInForce("Flat", 1), unboosted, out var flat);

        Assert.Equal(BanAmount.FromRaw(UInt128.Parse("1500000000000000000000000004", CultureInfo.InvariantCulture)), amount);
        Assert.Equal(new RewardBoost("Click hour", 1.5m, unboosted), boost);
        Assert.Null(none);
        Assert.Equal(unboosted, flat);
    }

    [Fact]
    public void The_milestone_reached_is_the_highest_the_weeks_donations_come_to()
    {
        var schedule = Schedule(
            new DonationMilestoneOptions { Ban = BanAmount.Parse("100"), Multiplier = 1.25m },
            new DonationMilestoneOptions { Ban = BanAmount.Parse("1000"), Multiplier = 2 });

        Assert.Null(schedule.MilestoneReached(BanAmount.Parse("99.99")));
        Assert.Equal(1.25m, schedule.MilestoneReached(BanAmount.Parse("100"))!.Value.Milestone.Multiplier);
        Assert.Equal(2m, schedule.MilestoneReached(BanAmount.Parse("5000"))!.Value.Milestone.Multiplier);
        Assert.Equal((1, BanAmount.Parse("1000")), (schedule.NextMilestone(BanAmount.Parse("100"))!.Value.Index, schedule.NextMilestone(BanAmount.Parse("100"))!.Value.Milestone.Ban));
        Assert.Null(schedule.NextMilestone(BanAmount.Parse("1000")));
    }
}
