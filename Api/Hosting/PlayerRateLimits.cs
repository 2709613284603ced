using System.Threading.RateLimiting;
using Faucet.Api.Features.Sessions;
using Faucet.Configuration;
using Faucet.Telemetry;
using Microsoft.AspNetCore.Authentication;

namespace Faucet.Api.Hosting;

/// <summary>Marks an endpoint whose calls a player's grain already limits at its own pace (the clicker's bucket), so
/// that <see cref="PlayerRateLimits"/> does not count them.</summary>
public sealed class LimitedByItsGrain
{
    public static readonly LimitedByItsGrain Instance = new();
}

/// <summary>
/// Behind the address shield (<see cref="ClientRateLimits"/>): each signed-in player gets <c>rate_limits.per_user_per_minute</c>
/// requests to <c>/api/</c> and <c>/auth/</c> a minute, from whichever addresses they come. A request counts against its
/// player once its access token (header or cookie) verifies; one without a valid token counts only against its address.
/// The count is kept in this Api process: asking a grain or the database on every request would cost each request a
/// round trip to protect against what the address shield and the grains' own limits already bound, so with several Api
/// processes behind a balancer a player can make up to that many times the limit.
/// </summary>
public sealed class PlayerRateLimits(IntegrationsOptions integrations) : IDisposable
{
    private readonly int perMinute = integrations.RateLimits.PerUserPerMinute;

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(player =>
        RateLimitPartition.GetFixedWindowLimiter(player, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = integrations.RateLimits.PerUserPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!ClientRateLimits.IsLimited(context.Request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<LimitedByItsGrain>() is not null
            || await context.AuthenticateAsync(PlayerAuthentication.SchemeName) is not { Succeeded: true, Principal.Identity.Name: { } player })
        {
            await next(context);
            return;
        }
        using var lease = limiter.AttemptAcquire(player);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        FaucetMetrics.RateLimited("per_player");
        await ClientRateLimits.RejectAsync(context, lease, $"A player may make {perMinute} requests a minute to /api; wait for Retry-After seconds.");
    }

    public void Dispose() => limiter.Dispose();
}

public static class PlayerRateLimitsExtensions
{
    public static IApplicationBuilder UsePlayerRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<PlayerRateLimits>();
        return app.Use(limits.InvokeAsync);
    }
}
