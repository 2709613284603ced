namespace Faucet.Configuration;

/// <summary>When the clicker calls a player a bot (and for how long it bans them), and when kills look too fast.</summary>
public sealed class AbuseHeuristicsOptions : IValidatedOptions
{
    /// <summary>Clicks per second that no hand sustains.</summary>
    public int MaxClicksPerSecond { get; set; } = 15;

    /// <summary>Below this spread of intervals between clicks (milliseconds), the rhythm is a machine's.</summary>
    public int MinIntervalJitterMs { get; set; } = 6;

    public int BanMinutes { get; set; } = 30;

    /// <summary>Verified kills per minute, averaged since the player's previous count, above which the kill verifier
    /// flags the player for an operator to look at (the kills still accrue: the stats API vouches for them).</summary>
    public int KillRatePerMin { get; set; } = 4;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("max_clicks_per_second", MaxClicksPerSecond, 1),
        OptionChecks.AtLeast("min_interval_jitter_ms", MinIntervalJitterMs, 0),
        OptionChecks.AtLeast("ban_minutes", BanMinutes, 1),
        OptionChecks.AtLeast("kill_rate_per_min", KillRatePerMin, 1));
}
