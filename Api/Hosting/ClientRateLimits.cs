using System.Globalization;
using System.Threading.RateLimiting;
using Faucet.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace Faucet.Api.Hosting;

/// <summary>
/// The outer shield: each client address gets <c>rate_limits.per_ip_per_minute</c> requests to <c>/api/</c> a
/// minute, whatever they are. Finer limits live behind it (the clicker's per-player bucket in its grain). Behind a
/// proxy, the proxy's forwarded-address handling decides what the client address is.
/// </summary>
public static class ClientRateLimits
{
    public static IServiceCollection AddFaucetRateLimits(this IServiceCollection services, IntegrationsOptions integrations)
    {
        var perMinute = integrations.RateLimits.PerIpPerMinute;
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"This address may make {perMinute} requests a minute to /api; wait for Retry-After seconds.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
    }
}
