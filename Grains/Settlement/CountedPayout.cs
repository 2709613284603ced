using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>A payout that counts against a player's caps: sent, or still on its way. Failed payouts are not counted.</summary>
public readonly record struct CountedPayout(DateTimeOffset At, BanAmount Amount);
