using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Faucet.Api.Features.Health;

/// <summary>PostgreSQL answers a query. Uses its own unpooled connections so that a database restart is seen
/// at once, not after the pool has worked through its broken connections.</summary>
public sealed class PostgresHealthCheck(HealthCheckDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.Source.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The reason goes to the log; the anonymous endpoint says only what failed.
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}
