namespace Faucet.Clicker;

/// <summary>A player's accepted clicks today, this week (both in the caps' time zone) and ever.</summary>
[GenerateSerializer, Immutable, Alias("faucet.ClickCounts")]
public sealed record ClickCounts(
    [property: Id(0)] long Today,
    [property: Id(1)] long ThisWeek,
    [property: Id(2)] long AllTime,
    [property: Id(3)] DateTimeOffset DayStart,
    [property: Id(4)] DateTimeOffset WeekStart);
