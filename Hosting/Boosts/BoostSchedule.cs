using Faucet.Configuration;
using Faucet.Money;
using Faucet.Rewards;

namespace Faucet.Boosts;

/// <summary>
/// Which boost an accrual earns under, from <c>payout.yaml</c>'s boosts and donation milestones, without Orleans or
/// storage. At most one scheduled boost of a kind is in force at a time (start-up refuses overlaps); when a donation
/// milestone is in force too, the higher multiplier applies (the scheduled boost on a tie). Multipliers never stack,
/// so every boosted entry names the one boost that explains it.
/// </summary>
public sealed class BoostSchedule(PayoutOptions payout)
{
    public bool HasMilestones => payout.DonationMilestones.Count > 0;

    /// <summary>The scheduled boost in force at <paramref name="at"/> for <paramref name="what"/>.</summary>
    public BoostOptions? ScheduledAt(BoostAppliesTo what, DateTimeOffset at) =>
        payout.Boosts.FirstOrDefault(b => b.Applies(what) && b.InForceAt(at));

    /// <summary>The scheduled boosts in force at <paramref name="at"/>, the soonest to end first.</summary>
    public IEnumerable<BoostOptions> RunningAt(DateTimeOffset at) =>
        payout.Boosts.Where(b => b.InForceAt(at)).OrderBy(b => b.EndsAt);

    /// <summary>The scheduled boosts that start after <paramref name="at"/>, soonest first.</summary>
    public IEnumerable<BoostOptions> UpcomingAfter(DateTimeOffset at) =>
        payout.Boosts.Where(b => b.StartsAt > at).OrderBy(b => b.StartsAt);

    /// <summary>The highest milestone that <paramref name="donatedThisWeek"/> reaches, with its index, or null.</summary>
    public (int Index, DonationMilestoneOptions Milestone)? MilestoneReached(BanAmount donatedThisWeek)
    {
        for (var i = payout.DonationMilestones.Count - 1; i >= 0; i--)
        {
            if (donatedThisWeek >= payout.DonationMilestones[i].Ban)
            {
                return (i, payout.DonationMilestones[i]);
            }
        }
        return null;
    }

    /// <summary>The milestone after the one <paramref name="donatedThisWeek"/> reaches, with its index, or null at the top.</summary>
    public (int Index, DonationMilestoneOptions Milestone)? NextMilestone(BanAmount donatedThisWeek)
    {
        var next = payout.DonationMilestones.FindIndex(m => donatedThisWeek < m.Ban);
        return next < 0 ? null : (next, payout.DonationMilestones[next]);
    }

    /// <summary>The name the boost of the milestone at <paramref name="index"/> (from 0) goes by in the books and on the
    /// home page. It holds no amount: the app formats amounts, and a name is shown as it is.</summary>
    public static string MilestoneName(int index) => $"Donors' boost, milestone {index + 1}";

    /// <summary>The boost an accrual of <paramref name="what"/> at <paramref name="at"/> earns under, given the milestone
    /// boost in force then (if any).</summary>
    public BoostInForce? InForce(BoostAppliesTo what, DateTimeOffset at, BoostInForce? milestone)
    {
        var scheduled = ScheduledAt(what, at) is { } boost ? new BoostInForce(boost.Name, boost.Multiplier) : null;
        return milestone is not null && (scheduled is null || milestone.Multiplier > scheduled.Multiplier) ? milestone : scheduled;
    }

    /// <summary><paramref name="unboosted"/> under <paramref name="boost"/>: times its multiplier, rounded down to the raw.
    /// Null when no boost applies (or it multiplies by 1), so that an entry names a boost only when it earned more.</summary>
    public static RewardBoost? Apply(BoostInForce? boost, BanAmount unboosted, out BanAmount amount)
    {
        amount = unboosted;
        if (boost is null || boost.Multiplier == 1)
        {
            return null;
        }
        var hundredths = (UInt128)decimal.ToUInt64(boost.Multiplier * 100);
        if (unboosted.Raw > UInt128.MaxValue / hundredths)
        {
            throw new RewardConflictException($"{unboosted} BAN times {boost.Multiplier} overflows any amount of BAN");
        }
        amount = BanAmount.FromRaw(unboosted.Raw * hundredths / 100);
        return new RewardBoost(boost.Name, boost.Multiplier, unboosted);
    }
}
