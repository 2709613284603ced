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

    /// <summary>Attempts at one payout before it is given up and the amount returned to the user.</summary>
    public int MaxPayoutAttempts { get; set; } = 5;

    public ClickerOptions Clicker { get; set; } = new();

    public TimeZoneInfo ResetTimeZone => TimeZoneInfo.FindSystemTimeZoneById(ResetTz);

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (PayoutAmountBanPerKill == BanAmount.Zero)
        {
            yield return ("payout_amount_ban_per_kill", "must be more than 0");
        }
        if (SchedulerMinutes is < 1 or > 1440)
        {
            yield return ("scheduler_minutes", $"must be from 1 to 1440 (got {SchedulerMinutes})");
        }
        if (DailyPayoutCap < 1)
        {
            yield return ("daily_payout_cap", $"must be at least 1 (got {DailyPayoutCap})");
        }
        if (WeeklyPayoutCap < DailyPayoutCap)
        {
            yield return ("weekly_payout_cap", $"must be at least daily_payout_cap ({DailyPayoutCap}) (got {WeeklyPayoutCap})");
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ResetTz, out _))
        {
            yield return ("reset_tz", $"'{ResetTz}' is not a time zone; use an IANA name such as UTC or Europe/Berlin");
        }
        if (BatchSize < 0)
        {
            yield return ("batch_size", $"must be 0 (unlimited) or more (got {BatchSize})");
        }
        if (DailyBanCap is { } daily && daily == BanAmount.Zero)
        {
            yield return ("daily_ban_cap", "must be more than 0, or left out for no amount cap");
        }
        if (WeeklyBanCap is { } weekly && (weekly == BanAmount.Zero || (DailyBanCap is { } d && weekly < d)))
        {
            yield return ("weekly_ban_cap", "must be more than 0 and at least daily_ban_cap, or left out for no amount cap");
        }
        if (MaxPayoutAttempts is < 1 or > 100)
        {
            yield return ("max_payout_attempts", $"must be from 1 to 100 (got {MaxPayoutAttempts})");
        }
        foreach (var (key, message) in Clicker.Validate())
        {
            yield return ("clicker." + key, message);
        }
    }
}
