using Faucet.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Settlement;

public static class SettlementEndpoints
{
    /// <summary><c>GET /api/v1/settlement</c>: when the next round opens, for the countdown every visitor sees.</summary>
    public static IEndpointRouteBuilder MapSettlementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1/settlement").WithTags("Settlement")
            .MapGet("", GetScheduleAsync)
            .WithName("GetSettlementSchedule")
            .WithSummary("The next settlement time, the interval between rounds and the last round's number.");
        return endpoints;
    }

    private static async Task<Ok<SchedulerView>> GetScheduleAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync());
}
