namespace Faucet.Api.Features.Settlement;

public sealed record SettlementSchedule(DateTimeOffset? NextSettlementAt, int IntervalMinutes, long LastRound);
