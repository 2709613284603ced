using Faucet.Money;

namespace Faucet.Api.Features.Operations;

/// <summary>The faucet at a glance, for operators.</summary>
/// <param name="AccruedLastDay">BAN earned (kills, clicks, grants) in the last 24 hours.</param>
/// <param name="Pending">BAN earned and not yet paid, over all players.</param>
public sealed record AdminStats(
    DateTimeOffset At,
    PlayerStats Players,
    BanAmount Pending,
    BanAmount AccruedLastDay,
    BanAmount PaidTotal,
    PayoutCounts Payouts,
    long AcceptedClicksLastDay,
    int ManualPayoutsAwaitingApproval,
    long LastRound);
