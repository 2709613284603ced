using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>How much of a pending balance may be paid now, what limited it, and what is left of each cap
/// (after this payout). Amount caps that are not configured are null.</summary>
public sealed record CapDecision(
    BanAmount Amount,
    CapLimit? LimitedBy,
    int PayoutsLeftToday,
    int PayoutsLeftThisWeek,
    BanAmount? BanLeftToday,
    BanAmount? BanLeftThisWeek)
{
    public bool Pays => Amount > BanAmount.Zero;
}
