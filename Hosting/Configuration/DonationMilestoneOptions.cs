using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>One of <c>payout.yaml</c>'s <c>donation_milestones</c>: once the BAN donated in a week (from Monday 00:00
/// of <c>reset_tz</c>) reaches <see cref="Ban"/>, every accrual of kills and clicks earns <see cref="Multiplier"/>
/// times as much until the week ends.</summary>
public sealed class DonationMilestoneOptions
{
    public BanAmount Ban { get; set; }
    public decimal Multiplier { get; set; } = 1;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        Ban == BanAmount.Zero ? ("ban", "must be more than 0") : null,
        OptionChecks.Multiplier("multiplier", Multiplier));
}
