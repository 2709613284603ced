using Faucet.Money;
using Faucet.Payouts;

namespace Faucet.Settlement;

/// <summary>What a round needs to know of one planned player, read for a whole batch at once.</summary>
/// <param name="Payout">This round's payout to the player, if one was already recorded (the round is resuming).</param>
/// <param name="History">The player's payouts that count against the caps, since the start of the cap week.</param>
public sealed record PlayerToSettle(
    string UserId,
    BanAmount Pending,
    BananoAddress? Wallet,
    PayoutView? Payout,
    IReadOnlyList<CountedPayout> History);
