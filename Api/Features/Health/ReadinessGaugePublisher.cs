using Faucet.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Faucet.Api.Features.Health;

/// <summary>Hands each background run of the readiness checks to the <c>faucet.ready</c> gauge.</summary>
public sealed class ReadinessGaugePublisher : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        FaucetMetrics.ReportReady(report.Status == HealthStatus.Healthy);
        return Task.CompletedTask;
    }
}
