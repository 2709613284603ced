namespace Faucet.Rewards;

/// <summary>A click accrual and the account's balance right after it.</summary>
public sealed record ClickRun(ClickAccrual Accrual, RewardBalance Balance);
