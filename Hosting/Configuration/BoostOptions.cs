using System.Globalization;

namespace Faucet.Configuration;

/// <summary>
/// One time-boxed boost of <c>payout.yaml</c>: from <see cref="Start"/> to <see cref="End"/> (local times of
/// <c>reset_tz</c>, the end excluded) every accrual of what it applies to earns <see cref="Multiplier"/> times as much.
/// </summary>
public sealed class BoostOptions
{
    /// <summary>The formats a start or end may be written in: a local date and time to the minute.</summary>
    private static readonly string[] LocalTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"];

    public string Name { get; set; } = "";
    public string Start { get; set; } = "";
    public string End { get; set; } = "";

    /// <summary>From 1 to 10, with at most two decimals (1.5, 2.25), so that a boosted amount is exact to the raw.</summary>
    public decimal Multiplier { get; set; } = 1;

    public BoostAppliesTo AppliesTo { get; set; } = BoostAppliesTo.Both;

    // Read-only, so that neither the binder nor the configuration printer takes them for keys of the file.
    private DateTimeOffset startsAt;
    private DateTimeOffset endsAt;

    /// <summary>The start as an instant, once <see cref="Validate"/> has read it in its time zone.</summary>
    public DateTimeOffset StartsAt => startsAt;

    /// <summary>The end as an instant, once <see cref="Validate"/> has read it in its time zone.</summary>
    public DateTimeOffset EndsAt => endsAt;

    public bool Applies(BoostAppliesTo what) => AppliesTo == BoostAppliesTo.Both || what == BoostAppliesTo.Both || AppliesTo == what;

    public bool InForceAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    /// <summary>Checks the boost and reads its times in <paramref name="zone"/>.</summary>
    public IEnumerable<(string Key, string Message)> Validate(TimeZoneInfo zone)
    {
        if (Name.Length is 0 or > 60)
        {
            yield return ("name", "is required, at most 60 characters (players see it)");
        }
        var start = Local("start", Start, zone, out var localStart);
        var end = Local("end", End, zone, out var localEnd);
        if (start is not null)
        {
            yield return start.Value;
        }
        if (end is not null)
        {
            yield return end.Value;
        }
        if (start is null && end is null)
        {
            (startsAt, endsAt) = (localStart, localEnd);
            if (EndsAt <= StartsAt)
            {
                yield return ("end", $"'{End}' must be after start '{Start}'");
            }
        }
        if (OptionChecks.Multiplier("multiplier", Multiplier) is { } multiplier)
        {
            yield return multiplier;
        }
    }

    private static (string, string)? Local(string key, string text, TimeZoneInfo zone, out DateTimeOffset at)
    {
        at = default;
        if (!DateTime.TryParseExact(text, LocalTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return (key, $"'{text}' is not a local date and time such as 2026-12-24T18:00");
        }
        if (zone.IsInvalidTime(local))
        {
            return (key, $"'{text}' does not exist in {zone.Id} (the clocks skip it)");
        }
        if (zone.IsAmbiguousTime(local))
        {
            return (key, $"'{text}' happens twice in {zone.Id} (the clocks go back); choose a time an hour away");
        }
        at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        return null;
    }
}
