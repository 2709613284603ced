using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;

namespace Faucet.Account;

/// <summary>What a player's status shows, gathered in the silo: who they are, their BAN, what the caps leave, when
/// the next settlement runs, and how much more must be pending before a round pays them (zero once they are due).</summary>
[GenerateSerializer, Immutable, Alias("faucet.AccountStatus")]
public sealed record AccountStatus(
    [property: Id(0)] PlayerProfile Profile,
    [property: Id(1)] RewardBalance Balance,
    [property: Id(2)] CapsLeft Caps,
    [property: Id(3)] DateTimeOffset? NextSettlementAt,
    [property: Id(4)] BanAmount MinPayout,
    [property: Id(5)] BanAmount NeededForPayout);
