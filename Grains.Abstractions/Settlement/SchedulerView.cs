namespace Faucet.Settlement;

[GenerateSerializer, Immutable, Alias("faucet.SchedulerView")]
public sealed record SchedulerView(
    [property: Id(0)] long LastRound,
    [property: Id(1)] DateTimeOffset? NextRunAt,
    [property: Id(2)] int IntervalMinutes);
