namespace Faucet.Configuration;

/// <summary>The outer shield at the front end: requests per minute per client address and per user.</summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public int PerIpPerMinute { get; set; } = 600;
    public int PerUserPerMinute { get; set; } = 120;

    /// <summary>Take the client address from the proxy's <c>X-Forwarded-For</c> (only where the Api is reachable
    /// through that proxy alone, such as Akash's ingress: otherwise any client can name any address).</summary>
    public bool TrustForwardedFor { get; set; }

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        OptionChecks.AtLeast("per_ip_per_minute", PerIpPerMinute, 1),
        OptionChecks.AtLeast("per_user_per_minute", PerUserPerMinute, 1));
}
