using Faucet.Settlement;

namespace Faucet.Api.Features.Settlement;

public sealed record SettlementOverview(SchedulerView Scheduler, RoundView? LastRound);
