using System.Security.Claims;
using Faucet.Api.Hosting;
using Faucet.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Settlement;

/// <summary>Operators run and inspect settlement. Every call that changes something is written to the audit log.</summary>
public static class SettlementAdminEndpoints
{
    public static IEndpointRouteBuilder MapSettlementAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Support may read; acting (run) takes an admin.
        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Settlement (admin)").RequireAuthorization(OperatorAuthentication.ReadPolicy);

        admin.MapGet("/settlement", GetSettlementAsync)
            .WithSummary("The settlement schedule, the last round's progress with an estimated end, and each source account's balance, receivable amount and sends in flight.");

        admin.MapPost("/settlement/run", RunSettlementAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .WithSummary("Opens the next round now (or nudges the last one on, if it is still paying).");

        admin.MapGet("/rounds/{number:long}", GetRoundAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One round: status, seed, players planned, cursor, payouts and total.");

        return endpoints;
    }

    private static async Task<Ok<SettlementOverview>> GetSettlementAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetOverviewAsync());

    private static async Task<Accepted<RoundView>> RunSettlementAsync(IClusterClient cluster, ClaimsPrincipal user)
    {
        var round = await cluster.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync(Players.AdminUserEndpoints.ActorOf(user));
        return TypedResults.Accepted($"/api/v1/admin/rounds/{round.Number}", round);
    }

    private static async Task<Results<Ok<RoundView>, ProblemHttpResult>> GetRoundAsync(long number, IClusterClient cluster)
    {
        var last = (await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync()).LastRound;
        if (number < 1 || number > last)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such round",
                detail: last == 0 ? "No settlement round has run yet." : $"Rounds are numbered 1 to {last}.");
        }
        return TypedResults.Ok(await cluster.GetGrain<ISettlementRoundGrain>(number).GetAsync());
    }
}
