using Faucet.Money;
using Faucet.Payouts;

namespace Faucet.Settlement;

/// <summary>Settlement as operators watch it: the schedule, the last round's progress, and the source accounts it
/// pays from, with their balances as the node has them now.</summary>
/// <param name="Floor">Rounds are skipped while the accounts' balances together are below this.</param>
[GenerateSerializer, Immutable, Alias("faucet.SettlementOverview")]
public sealed record SettlementOverview(
    [property: Id(0)] SchedulerView Scheduler,
    [property: Id(1)] RoundView? LastRound,
    [property: Id(2)] IReadOnlyList<SourceAccountView> Accounts,
    [property: Id(3)] BanAmount Floor);
