using Faucet.Money;

namespace Faucet.Api.Features.Account;

/// <summary>What a player sees first: whether a wallet is linked, what is pending, what the caps still allow, and
/// when the next settlement runs.</summary>
public sealed record PlayerStatus(
    string UserId,
    string DisplayName,
    bool Linked,
    string? Wallet,
    BanAmount Pending,
    BanAmount Reserved,
    BanAmount Paid,
    CapsLeft Caps,
    DateTimeOffset? NextSettlementAt,
    EpicView Epic);

/// <summary>What the payout caps leave today and this week; the amounts are null when there is no amount cap.</summary>
public sealed record CapsLeft(
    int PayoutsToday,
    int PayoutsThisWeek,
    BanAmount? BanToday,
    BanAmount? BanThisWeek,
    DateTimeOffset DayResetsAt,
    DateTimeOffset WeekResetsAt);
