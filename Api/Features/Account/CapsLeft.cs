using Faucet.Money;

namespace Faucet.Api.Features.Account;

/// <summary>What the payout caps leave today and this week; the amounts are null when there is no amount cap.</summary>
public sealed record CapsLeft(
    int PayoutsToday,
    int PayoutsThisWeek,
    BanAmount? BanToday,
    BanAmount? BanThisWeek,
    DateTimeOffset DayResetsAt,
    DateTimeOffset WeekResetsAt);
