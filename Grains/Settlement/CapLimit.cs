namespace Faucet.Settlement;

/// <summary>What stopped or shortened a payout.</summary>
public enum CapLimit
{
    NothingPending,
    DailyPayouts,
    WeeklyPayouts,
    DailyAmount,
    WeeklyAmount,
}
