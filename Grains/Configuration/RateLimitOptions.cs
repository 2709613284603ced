namespace Faucet.Configuration;

/// <summary>The outer shield at the front end: requests per minute per client address and per user.</summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public int PerIpPerMinute { get; set; } = 300;
    public int PerUserPerMinute { get; set; } = 120;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (PerIpPerMinute < 1)
        {
            yield return ("per_ip_per_minute", $"must be at least 1 (got {PerIpPerMinute})");
        }
        if (PerUserPerMinute < 1)
        {
            yield return ("per_user_per_minute", $"must be at least 1 (got {PerUserPerMinute})");
        }
    }
}
