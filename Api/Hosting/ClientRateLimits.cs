using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Faucet.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Faucet.Telemetry;

namespace Faucet.Api.Hosting;

/// <summary>
/// The outer shield: each client address gets <c>rate_limits.per_ip_per_minute</c> requests to <c>/api/</c> and <c>/auth/</c> a
/// minute, whatever they are. Finer limits live behind it (<see cref="PlayerRateLimits"/>, the clicker's per-player bucket in its grain). An IPv6
/// client counts by its /64 (one subscriber's network), not by each of its addresses. Behind a proxy, the address is
/// the proxy's unless <c>rate_limits.trust_forwarded_for</c> takes it from <c>X-Forwarded-For</c>.
/// </summary>
public static class ClientRateLimits
{
    /// <summary>The client address, taken from <c>X-Forwarded-For</c> when the operator trusts the proxy.</summary>
    public static IApplicationBuilder UseFaucetClientAddress(this IApplicationBuilder app, IntegrationsOptions integrations)
    {
        if (!integrations.RateLimits.TrustForwardedFor)
        {
            return app;
        }
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        // The proxy's own address is not known in advance (an ingress): whoever connects is taken to be it.
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>The partition of an address: itself for IPv4, its /64 for IPv6.</summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Whether a request is one the limits count: the API and the sign-in endpoints, not pages, health or metrics.</summary>
    public static bool IsLimited(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/auth", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddFaucetRateLimits(this IServiceCollection services, IntegrationsOptions integrations)
    {
        var perMinute = integrations.RateLimits.PerIpPerMinute;
        services.AddSingleton<PlayerRateLimits>();
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsLimited(context.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (rejected, _) =>
            {
                FaucetMetrics.RateLimited("per_address");
                return new ValueTask(RejectAsync(rejected.HttpContext, rejected.Lease,
                    $"This address may make {perMinute} requests a minute to /api; wait for Retry-After seconds."));
            };
        });
    }

    /// <summary>A 429 problem, with <c>Retry-After</c> when the limiter knows when its window opens again.</summary>
    public static Task RejectAsync(HttpContext context, RateLimitLease lease, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail).ExecuteAsync(context);
    }
}
