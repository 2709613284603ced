using System.Threading.RateLimiting;
using Faucet.Api.Hosting;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Password guessing is slowed per account and per client address: <see cref="PerAccount"/> attempts at one e-mail
/// and <see cref="PerAddress"/> from one address (its /64 for IPv6) in <see cref="Window"/>, counted in this Api
/// process. Every attempt counts, right or wrong, so the limit says nothing about whether an account exists.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    public const int PerAccount = 10;
    public const int PerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> accounts = Limiter(PerAccount);
    private readonly PartitionedRateLimiter<string> addresses = Limiter(PerAddress);

    /// <summary>When each account or address was last reported as throttled, so that a flood of refused attempts is
    /// reported once a window, not once an attempt.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> reported = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt; false (with when to come back) if the account or the address has used its own.
    /// <paramref name="report"/> names what was throttled ("account" or "address") the first time in a window that
    /// it is refused, for the audit log; otherwise null.</summary>
    public bool TryAttempt(string email, HttpContext context, DateTimeOffset now, out TimeSpan retryAfter, out string? report)
    {
        var client = ClientRateLimits.ClientOf(context.Connection.RemoteIpAddress);
        using var byAddress = addresses.AttemptAcquire(client);
        using var byAccount = byAddress.IsAcquired ? accounts.AttemptAcquire(email) : null;
        var refused = !byAddress.IsAcquired ? byAddress : byAccount is { IsAcquired: false } ? byAccount : null;
        retryAfter = refused is not null && refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        report = null;
        if (refused is not null)
        {
            var by = refused == byAddress ? "address" : "account";
            var key = by + ":" + (refused == byAddress ? client : email);
            if (!reported.TryGetValue(key, out var last) || now - last >= Window)
            {
                reported[key] = now;
                report = by;
            }
            if (reported.Count > 10_000)
            {
                foreach (var stale in reported.Where(r => now - r.Value >= Window).Select(r => r.Key).ToList())
                {
                    reported.TryRemove(stale, out _);
                }
            }
        }
        return refused is null;
    }

    public void Dispose()
    {
        accounts.Dispose();
        addresses.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int attempts) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = attempts, Window = Window, QueueLimit = 0 }));
}
