using Faucet.Configuration;
using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>
/// The payout caps of <c>payout.yaml</c>: at most <c>daily_payout_cap</c> payouts per calendar day and
/// <c>weekly_payout_cap</c> per calendar week (from Monday) of <c>reset_tz</c>, and, when set, at most
/// <c>daily_ban_cap</c> / <c>weekly_ban_cap</c> BAN in those windows. An amount cap shortens a payout rather
/// than refusing it; what is not paid stays pending and rolls over to a later window.
/// </summary>
public sealed class CapPolicy(int dailyPayoutCap, int weeklyPayoutCap, BanAmount? dailyBanCap, BanAmount? weeklyBanCap, TimeZoneInfo zone)
{
    public static CapPolicy From(PayoutOptions options) =>
        new(options.DailyPayoutCap, options.WeeklyPayoutCap, options.DailyBanCap, options.WeeklyBanCap, options.ResetTimeZone);

    public CapWindows WindowsAt(DateTimeOffset now) => CapWindows.At(now, zone);

    /// <summary>What the caps leave for a player now, before any further payout.</summary>
    public CapDecision Remaining(IEnumerable<CountedPayout> history, DateTimeOffset now) => Decide(BanAmount.Zero, history, now);

    /// <param name="pending">The player's pending balance.</param>
    /// <param name="history">The player's payouts that count (sent or in flight, not failed); older ones are ignored.</param>
    /// <param name="now">When the payout would be made.</param>
    public CapDecision Decide(BanAmount pending, IEnumerable<CountedPayout> history, DateTimeOffset now)
    {
        var windows = WindowsAt(now);
        int today = 0, thisWeek = 0;
        UInt128 paidToday = 0, paidThisWeek = 0;
        foreach (var payout in history)
        {
            if (windows.InWeek(payout.At))
            {
                thisWeek++;
                paidThisWeek += payout.Amount.Raw;
                if (windows.InDay(payout.At))
                {
                    today++;
                    paidToday += payout.Amount.Raw;
                }
            }
        }

        var banLeftToday = dailyBanCap is { } daily ? Remaining(daily.Raw, paidToday) : (UInt128?)null;
        var banLeftThisWeek = weeklyBanCap is { } weekly ? Remaining(weekly.Raw, paidThisWeek) : (UInt128?)null;

        CapLimit? limit = null;
        var amount = pending.Raw;
        if (amount == 0)
        {
            limit = CapLimit.NothingPending;
        }
        else if (today >= dailyPayoutCap)
        {
            limit = CapLimit.DailyPayouts;
        }
        else if (thisWeek >= weeklyPayoutCap)
        {
            limit = CapLimit.WeeklyPayouts;
        }
        if (limit is not null)
        {
            amount = 0;
        }
        else
        {
            if (banLeftToday is { } leftToday && amount > leftToday)
            {
                (amount, limit) = (leftToday, CapLimit.DailyAmount);
            }
            if (banLeftThisWeek is { } leftThisWeek && amount > leftThisWeek)
            {
                (amount, limit) = (leftThisWeek, CapLimit.WeeklyAmount);
            }
        }

        var pays = amount > 0;
        return new CapDecision(
            BanAmount.FromRaw(amount),
            limit,
            PayoutsLeftToday: Math.Max(0, dailyPayoutCap - today - (pays ? 1 : 0)),
            PayoutsLeftThisWeek: Math.Max(0, weeklyPayoutCap - thisWeek - (pays ? 1 : 0)),
            BanLeftToday: banLeftToday is { } d ? BanAmount.FromRaw(d - amount) : null,
            BanLeftThisWeek: banLeftThisWeek is { } w ? BanAmount.FromRaw(w - amount) : null);
    }

    private static UInt128 Remaining(UInt128 cap, UInt128 used) => used >= cap ? 0 : cap - used;
}
