using Faucet.Money;

namespace Faucet.Configuration;

/// <summary><c>payout.yaml</c>: what a kill earns, how often settlement runs, and the caps.</summary>
public sealed class PayoutOptions : IValidatedOptions
{
    public BanAmount PayoutAmountBanPerKill { get; set; } = BanAmount.Parse("2.1");
    public int SchedulerMinutes { get; set; } = 20;

    /// <summary>Payouts per user per calendar day of <see cref="ResetTz"/>.</summary>
    public int DailyPayoutCap { get; set; } = 1;

    /// <summary>Payouts per user per calendar week (from Monday 00:00) of <see cref="ResetTz"/>.</summary>
    public int WeeklyPayoutCap { get; set; } = 3;

    public string ResetTz { get; set; } = "UTC";
    public SettlementOrder SettlementOrder { get; set; } = SettlementOrder.Random;

    /// <summary>Users paid per round; 0 means everyone with a pending balance.</summary>
    public int BatchSize { get; set; }

    /// <summary>Optional BAN paid per user per day; the rest rolls over.</summary>
    public BanAmount? DailyBanCap { get; set; }

    /// <summary>Optional BAN paid per user per week; the rest rolls over.</summary>
    public BanAmount? WeeklyBanCap { get; set; }

    /// <summary>The least pending BAN a round pays: a player below it is left for a later round, without using a cap,
    /// so that proof of work is not spent on dust. 0: no threshold.</summary>
    public BanAmount MinPayoutBan { get; set; }

    /// <summary>Attempts at one payout before it is given up and the amount returned to the user.</summary>
    public int MaxPayoutAttempts { get; set; } = 5;

    /// <summary>How long a player waits after linking a wallet before they may change it.</summary>
    public int WalletChangeCooldownHours { get; set; } = 168;

    public ClickerOptions Clicker { get; set; } = new();

    /// <summary>Time-boxed multipliers of what kills or clicks earn; at most one of a kind at a time.</summary>
    public List<BoostOptions> Boosts { get; set; } = [];

    /// <summary>BAN donated in a week that raise what kills and clicks earn for the rest of it, lowest first.</summary>
    public List<DonationMilestoneOptions> DonationMilestones { get; set; } = [];

    public TimeZoneInfo ResetTimeZone => TimeZoneInfo.FindSystemTimeZoneById(ResetTz);

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        PayoutAmountBanPerKill == BanAmount.Zero ? ("payout_amount_ban_per_kill", "must be more than 0") : null,
        OptionChecks.Between("scheduler_minutes", SchedulerMinutes, 1, 1440),
        OptionChecks.AtLeast("daily_payout_cap", DailyPayoutCap, 1),
        WeeklyPayoutCap < DailyPayoutCap
            ? ("weekly_payout_cap", $"must be at least daily_payout_cap ({DailyPayoutCap}) (got {WeeklyPayoutCap})")
            : null,
        TimeZoneInfo.TryFindSystemTimeZoneById(ResetTz, out _)
            ? null
            : ("reset_tz", $"'{ResetTz}' is not a time zone; use an IANA name such as UTC or Europe/Berlin"),
        OptionChecks.AtLeast("batch_size", BatchSize, 0),
        DailyBanCap == BanAmount.Zero ? ("daily_ban_cap", "must be more than 0, or null for no amount cap") : null,
        WeeklyBanCap is { } weekly && (weekly == BanAmount.Zero || weekly < DailyBanCap)
            ? ("weekly_ban_cap", "must be more than 0 and at least daily_ban_cap, or null for no amount cap")
            : null,
        OptionChecks.Between("max_payout_attempts", MaxPayoutAttempts, 1, 100),
        OptionChecks.Between("wallet_change_cooldown_hours", WalletChangeCooldownHours, 0, 24 * 365))
        .Concat(Clicker.Validate().Select(p => ("clicker." + p.Key, p.Message)))
        .Concat(BoostProblems())
        .Concat(MilestoneProblems());

    private IEnumerable<(string Key, string Message)> BoostProblems()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ResetTz, out var zone))
        {
            yield break;
        }
        var valid = new List<int>();
        for (var i = 0; i < Boosts.Count; i++)
        {
            var problems = Boosts[i].Validate(zone).ToList();
            foreach (var (key, message) in problems)
            {
                yield return ($"boosts[{i}].{key}", message);
            }
            if (problems.Count == 0)
            {
                valid.Add(i);
            }
        }
        foreach (var i in valid)
        {
            // A kill or a click earns under one boost at a time, so the books never have to say which of two applied.
            var earlier = valid.TakeWhile(j => j < i).FirstOrDefault(j => Overlap(Boosts[j], Boosts[i]), -1);
            if (earlier >= 0)
            {
                yield return ($"boosts[{i}]", $"'{Boosts[i].Name}' overlaps boosts[{earlier}] '{Boosts[earlier].Name}' for {Shared(Boosts[earlier], Boosts[i])}; boosts of the same kind may not overlap");
            }
            if (valid.TakeWhile(j => j < i).Any(j => Boosts[j].Name == Boosts[i].Name))
            {
                yield return ($"boosts[{i}].name", $"'{Boosts[i].Name}' names another boost too; give each its own name");
            }
        }
    }

    private static bool Overlap(BoostOptions a, BoostOptions b) =>
        (a.Applies(b.AppliesTo) || b.Applies(a.AppliesTo)) && a.StartsAt < b.EndsAt && b.StartsAt < a.EndsAt;

    private static string Shared(BoostOptions a, BoostOptions b) =>
        a.AppliesTo == BoostAppliesTo.Both ? YamlOptionsBinder.SnakeCase(b.AppliesTo.ToString()) : YamlOptionsBinder.SnakeCase(a.AppliesTo.ToString());

    private IEnumerable<(string Key, string Message)> MilestoneProblems()
    {
        for (var i = 0; i < DonationMilestones.Count; i++)
        {
            foreach (var (key, message) in DonationMilestones[i].Validate())
            {
                yield return ($"donation_milestones[{i}].{key}", message);
            }
            if (i > 0 && DonationMilestones[i].Ban <= DonationMilestones[i - 1].Ban)
            {
                yield return ($"donation_milestones[{i}].ban", $"must be more than the milestone before it ({DonationMilestones[i - 1].Ban} BAN); list them lowest first");
            }
        }
    }
}
