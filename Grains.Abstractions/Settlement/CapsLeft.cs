using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>What the payout caps leave a player today and this week; the amounts are null when there is no amount cap.</summary>
[GenerateSerializer, Immutable, Alias("faucet.CapsLeft")]
public sealed record CapsLeft(
    [property: Id(0)] int PayoutsToday,
    [property: Id(1)] int PayoutsThisWeek,
    [property: Id(2)] BanAmount? BanToday,
    [property: Id(3)] BanAmount? BanThisWeek,
    [property: Id(4)] DateTimeOffset DayResetsAt,
    [property: Id(5)] DateTimeOffset WeekResetsAt);
