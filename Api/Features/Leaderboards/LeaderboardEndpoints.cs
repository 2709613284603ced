using Faucet.Api.Features.Account;
using Faucet.Leaderboards;
using Faucet.Money;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Leaderboards;

/// <summary>The public leaderboards, and what any Banano address has been paid.</summary>
public static class LeaderboardEndpoints
{
    public const int RecentPayouts = 10;

    public static IEndpointRouteBuilder MapLeaderboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/leaderboard", GetLeaderboardAsync)
            .WithTags("Leaderboards")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The top players by BAN paid (board=ban, the default) or clicks (board=clicks), today, this week or ever (window=all, the default).");

        endpoints.MapGet("/api/v1/accounts/{address}/balance", GetAddressBalanceAsync)
            .WithTags("Leaderboards")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Public: what the faucet has paid a Banano address in total, and its latest payouts.");
        return endpoints;
    }

    private static async Task<Results<Ok<LeaderboardView>, ProblemHttpResult>> GetLeaderboardAsync(
        string? board, string? window, string? limit, IClusterClient cluster)
    {
        board ??= Boards.Ban;
        if (!Boards.All.Contains(board))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown board",
                detail: $"board is one of: {string.Join(", ", Boards.All)} (the default is {Boards.Ban}).");
        }
        LeaderboardWindow span;
        switch (window ?? "all")
        {
            case "day": span = LeaderboardWindow.Day; break;
            case "week": span = LeaderboardWindow.Week; break;
            case "all": span = LeaderboardWindow.All; break;
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown window",
                    detail: "window is day, week or all (the default).");
        }
        if (Pages.ParseLimit(limit, ILeaderboardGrain.PushedTop, ILeaderboardGrain.MaxLimit) is not { } count)
        {
            return Pages.BadLimit(ILeaderboardGrain.PushedTop, ILeaderboardGrain.MaxLimit);
        }
        return TypedResults.Ok(await cluster.GetGrain<ILeaderboardGrain>(board).GetTopAsync(span, count));
    }

    private static async Task<Results<Ok<AddressBalance>, ProblemHttpResult>> GetAddressBalanceAsync(
        string address, AddressQueries queries, CancellationToken cancellationToken)
    {
        if (!BananoAddress.TryParse(address, out var wallet, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Banano address", detail: $"address: {error}.");
        }
        return TypedResults.Ok(await queries.BalanceAsync(wallet, RecentPayouts, cancellationToken));
    }
}
