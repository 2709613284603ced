namespace Faucet.Settlement;

/// <summary>The calendar day and week (from Monday) that contain an instant, in the caps' time zone, as UTC instants
/// (start inclusive, end exclusive).</summary>
public sealed record CapWindows(DateTimeOffset DayStart, DateTimeOffset DayEnd, DateTimeOffset WeekStart, DateTimeOffset WeekEnd)
{
    public bool InDay(DateTimeOffset at) => at >= DayStart && at < DayEnd;

    public bool InWeek(DateTimeOffset at) => at >= WeekStart && at < WeekEnd;

    public static CapWindows At(DateTimeOffset now, TimeZoneInfo zone)
    {
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var monday = localDate.AddDays(-(((int)localDate.DayOfWeek + 6) % 7));
        return new CapWindows(
            StartOf(localDate, zone),
            StartOf(localDate.AddDays(1), zone),
            StartOf(monday, zone),
            StartOf(monday.AddDays(7), zone));
    }

    /// <summary>The first instant of a local date. Where a daylight-saving change skips midnight, the day starts at
    /// the first local time that exists; where midnight happens twice, at the first of them.</summary>
    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
