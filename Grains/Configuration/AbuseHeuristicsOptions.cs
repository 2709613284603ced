namespace Faucet.Configuration;

/// <summary>When the clicker calls a player a bot, and for how long it bans them.</summary>
public sealed class AbuseHeuristicsOptions : IValidatedOptions
{
    /// <summary>Clicks per second that no hand sustains.</summary>
    public int MaxClicksPerSecond { get; set; } = 15;

    /// <summary>Below this spread of intervals between clicks (milliseconds), the rhythm is a machine's.</summary>
    public int MinIntervalJitterMs { get; set; } = 6;

    public int BanMinutes { get; set; } = 30;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (MaxClicksPerSecond < 1)
        {
            yield return ("max_clicks_per_second", $"must be at least 1 (got {MaxClicksPerSecond})");
        }
        if (MinIntervalJitterMs < 0)
        {
            yield return ("min_interval_jitter_ms", $"must be 0 or more (got {MinIntervalJitterMs})");
        }
        if (BanMinutes < 1)
        {
            yield return ("ban_minutes", $"must be at least 1 (got {BanMinutes})");
        }
    }
}
