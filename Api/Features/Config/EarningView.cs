using Faucet.Configuration;
using Faucet.Money;

namespace Faucet.Api.Features.Config;

/// <summary>How players earn and when they are paid, as <c>payout.yaml</c> sets it: what the home and "how it works"
/// pages explain.</summary>
public sealed record EarningView(
    BanAmount BanPerKill,
    BanAmount BanPerClick,
    int ClickerBucketCapacity,
    int ClickerRefillPerSecond,
    int SchedulerMinutes,
    int DailyPayoutCap,
    int WeeklyPayoutCap,
    BanAmount? DailyBanCap,
    BanAmount? WeeklyBanCap,
    string ResetTz,
    BanAmount MinOperatorBalanceBan,
    BanAmount MinPayoutBan)
{
    public static EarningView From(PayoutOptions payout, IntegrationsOptions integrations) => new(
        payout.PayoutAmountBanPerKill,
        payout.Clicker.RewardBanPerClick,
        payout.Clicker.BucketCapacity,
        payout.Clicker.RefillPerSecond,
        payout.SchedulerMinutes,
        payout.DailyPayoutCap,
        payout.WeeklyPayoutCap,
        payout.DailyBanCap,
        payout.WeeklyBanCap,
        payout.ResetTz,
        integrations.Banano.MinOperatorBalanceBan,
        payout.MinPayoutBan);
}
