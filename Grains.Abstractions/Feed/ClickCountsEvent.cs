using Faucet.Clicker;

namespace Faucet.Feed;

/// <summary>A player's click counts after a run of their clicks was accrued (<c>type: click</c> on their
/// <c>account:&lt;id&gt;</c> channel; the clicks leaderboard follows it). Counts only grow within a window, so an
/// event that arrives late or twice changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("faucet.ClickCountsEvent")]
public sealed record ClickCountsEvent(
    [property: Id(0)] string UserId,
    [property: Id(1)] ClickCounts Counts,
    [property: Id(2)] DateTimeOffset At);
