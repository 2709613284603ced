namespace Faucet.Configuration;

/// <summary>The outer shield at the front end: requests per minute per client address and per user.</summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public int PerIpPerMinute { get; set; } = 600;
    public int PerUserPerMinute { get; set; } = 120;

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("per_ip_per_minute", PerIpPerMinute, 1),
        OptionChecks.AtLeast("per_user_per_minute", PerUserPerMinute, 1));
}
