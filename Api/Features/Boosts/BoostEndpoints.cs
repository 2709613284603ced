using Faucet.Boosts;
using Faucet.Donations;
using Faucet.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Boosts;

/// <summary>The boosts players earn under: the scheduled ones of <c>payout.yaml</c> and the donation milestone reached.</summary>
public static class BoostEndpoints
{
    public static IEndpointRouteBuilder MapBoostEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/boosts", GetBoostsAsync)
            .WithTags("Boosts")
            .WithSummary("Public: the boosts running now (with their end), the next one, and the donation milestone this week has reached.");
        return endpoints;
    }

    private static async Task<Ok<BoostsView>> GetBoostsAsync(
        BoostSchedule schedule, IClusterClient cluster, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
    {
        var now = time.GetUtcNow();
        var running = schedule.RunningAt(now).Select(BoostView.From).ToList();
        var next = schedule.UpcomingAfter(now).FirstOrDefault() is { } upcoming ? BoostView.From(upcoming) : null;
        DonationBoostView? donations = null;
        if (schedule.HasMilestones)
        {
            var board = await cluster.GetGrain<IDonationsGrain>(0).GetBoardAsync();
            donations = board.MilestoneReached is { } reached ? new DonationBoostView(reached.Name, reached.Multiplier, reached.Ban, board.WeekEndsAt) : null;
        }
        return TypedResults.Ok(new BoostsView(running, next, donations));
    }
}
