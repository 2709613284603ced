using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>How a round's reservation on one account ended: <paramref name="Paid"/> commits it, otherwise it is
/// released to the pending balance. <paramref name="Amount"/> is what the round reserved.</summary>
public sealed record RoundOutcome(string UserId, long Round, BanAmount Amount, bool Paid);
