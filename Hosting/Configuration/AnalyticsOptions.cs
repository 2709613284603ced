namespace Faucet.Configuration;

/// <summary>Coarse regional analytics: where players come from, by country or region code only.</summary>
public sealed class AnalyticsOptions : IValidatedOptions
{
    /// <summary>The request header in which a trusted proxy names the client's country or region (such as
    /// <c>CF-IPCountry</c>). Empty: no region is recorded and every player counts as "unknown". Set it only where
    /// that proxy is the sole way in, since any client can send any header.</summary>
    public string RegionHeader { get; set; } = "";

    /// <summary>How long a player's last region is kept.</summary>
    public int RetentionDays { get; set; } = 90;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.Between("retention_days", RetentionDays, 1, 3650));
}
