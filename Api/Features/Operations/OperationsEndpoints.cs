using Faucet.Api.Features.Players;
using Faucet.Api.Hosting;
using Faucet.Configuration;
using Faucet.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Operations;

/// <summary>What operators read about the faucet as a whole: stats and where players come from (support too), and the
/// configuration in force, secrets masked (admins only: it names the admins and the services the faucet uses).</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Operations (admin)").RequireAuthorization(OperatorAuthentication.ReadPolicy);

        admin.MapGet("/stats", GetStatsAsync)
            .WithSummary("Players (with wallet, Epic-linked, banned, flagged), pending and paid BAN, payouts by status, clicks and accruals of the last day.");

        admin.MapGet("/config", GetConfiguration)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ServedWithoutCluster()
            .Produces<string>(StatusCodes.Status200OK, "application/yaml")
            .WithSummary("Admins only: the three configuration files as the faucet read them (environment filled in), every secret masked.");

        admin.MapGet("/analytics/regions", GetRegionsAsync)
            .WithSummary("Players per coarse region (country or country-region code) seen within analytics.retention_days; never an address.");

        return endpoints;
    }

    private static async Task<Ok<AdminStats>> GetStatsAsync(StatsQueries stats, [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.ReadAsync(time.GetUtcNow(), cancellationToken));

    private static ContentHttpResult GetConfiguration(FaucetConfiguration configuration) =>
        TypedResults.Text(ConfigurationPrinter.Print(configuration), "application/yaml; charset=utf-8");

    private static async Task<Ok<RegionReport>> GetRegionsAsync(RegionAnalytics regions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await regions.ReportAsync(cancellationToken));
}
