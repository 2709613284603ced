using System.Security.Claims;
using Faucet.Api.Hosting;
using Faucet.Audit;
using Faucet.Payouts;
using Faucet.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Settlement;

/// <summary>Operators run and inspect settlement. Every call that changes something is written to the audit log.</summary>
public static class SettlementAdminEndpoints
{
    public static IEndpointRouteBuilder MapSettlementAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Support may read; acting (run, retry) takes an admin.
        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Settlement (admin)").RequireAuthorization(OperatorAuthentication.ReadPolicy);

        admin.MapGet("/settlement", async (IClusterClient cluster) =>
            {
                var scheduler = await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync();
                var last = scheduler.LastRound > 0 ? await cluster.GetGrain<ISettlementRoundGrain>(scheduler.LastRound).GetAsync() : null;
                return TypedResults.Ok(new SettlementOverview(scheduler, last));
            })
            .WithSummary("The settlement schedule and the last round.");

        admin.MapPost("/settlement/run", async (IClusterClient cluster, IAuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            {
                var round = await cluster.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync();
                await audit.RecordAsync(user.Identity?.Name ?? "operator", "settlement.run", $"round:{round.Number}", new { round.Status }, cancellationToken);
                return TypedResults.Accepted($"/api/v1/admin/rounds/{round.Number}", round);
            })
            .RequireAuthorization(OperatorAuthentication.Policy)
            .WithSummary("Opens the next round now (or nudges the last one on, if it is still paying).");

        admin.MapGet("/rounds/{number:long}", async Task<Results<Ok<RoundView>, ProblemHttpResult>> (long number, IClusterClient cluster) =>
            {
                var last = (await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync()).LastRound;
                if (number < 1 || number > last)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such round",
                        detail: last == 0 ? "No settlement round has run yet." : $"Rounds are numbered 1 to {last}.");
                }
                return TypedResults.Ok(await cluster.GetGrain<ISettlementRoundGrain>(number).GetAsync());
            })
            .WithSummary("One round: status, seed, players planned, cursor, payouts and total.");

        admin.MapPost("/payouts/{id}/retry", async Task<Results<Ok<PayoutRetryResult>, ProblemHttpResult>> (
                string id, IClusterClient cluster, IAuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            {
                var payout = cluster.GetGrain<IPayoutGrain>(id);
                if (await payout.GetAsync() is not { } current)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such payout", detail: $"No payout has the id '{id}'.");
                }

                PayoutRetryResult result;
                switch (current.Status)
                {
                    case PayoutStatus.Sent:
                        result = new PayoutRetryResult("already_sent", current);
                        break;
                    case PayoutStatus.Pending:
                        result = new PayoutRetryResult("attempted", await payout.RetryAsync());
                        break;
                    default:
                        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The payout is final",
                            detail: $"Payout '{id}' is {current.Status}: its amount is pending for the player again and a later round pays it.");
                }
                await audit.RecordAsync(user.Identity?.Name ?? "operator", "payout.retry", $"payout:{id}", new { result.Result, result.Payout.Status }, cancellationToken);
                return TypedResults.Ok(result);
            })
            .RequireAuthorization(OperatorAuthentication.Policy)
            .WithSummary("Attempts a pending payout now; a sent one answers already_sent with its block and sends nothing.");

        return endpoints;
    }
}
