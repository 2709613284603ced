using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Faucet.Api.Features.Health;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddFaucetHealth(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new HealthCheckDataSource(connectionString));
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        // The readiness checks also run in the background, for the faucet.ready gauge that alerts watch.
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Period = TimeSpan.FromSeconds(15);
            o.Predicate = check => check.Tags.Contains(ReadyTag);
        });
        services.AddSingleton<IHealthCheckPublisher, ReadinessGaugePublisher>();
        return services;
    }

    /// <summary><c>/health</c>: the process is alive. <c>/health/ready</c>: it can serve (cluster and database
    /// answer); 503 otherwise, with each check's reason.</summary>
    public static IEndpointRouteBuilder MapFaucetHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
