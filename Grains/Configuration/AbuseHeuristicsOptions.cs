namespace Faucet.Configuration;

/// <summary>When the clicker calls a player a bot, and for how long it bans them.</summary>
public sealed class AbuseHeuristicsOptions : IValidatedOptions
{
    /// <summary>Clicks per second that no hand sustains.</summary>
    public int MaxClicksPerSecond { get; set; } = 15;

    /// <summary>Below this spread of intervals between clicks (milliseconds), the rhythm is a machine's.</summary>
    public int MinIntervalJitterMs { get; set; } = 6;

    public int BanMinutes { get; set; } = 30;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("max_clicks_per_second", MaxClicksPerSecond, 1),
        OptionChecks.AtLeast("min_interval_jitter_ms", MinIntervalJitterMs, 0),
        OptionChecks.AtLeast("ban_minutes", BanMinutes, 1));
}
