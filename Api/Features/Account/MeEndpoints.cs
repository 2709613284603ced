using System.Globalization;
using System.Security.Claims;
using Faucet.Api.Features.Sessions;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Account;

/// <summary>A signed-in player's own account: status, accruals and payouts.</summary>
public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization(PlayerAuthentication.Policy);

        me.MapGet("/status", async Task<Results<Ok<PlayerStatus>, ProblemHttpResult>> (
                ClaimsPrincipal principal, IClusterClient cluster, ISettlementStore settlement, PayoutOptions payout, [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken) =>
            {
                var user = UserOf(principal);
                if (await cluster.GetGrain<IPlayerGrain>(user).GetProfileAsync() is not { } profile)
                {
                    return NoSuchPlayer(user);
                }
                var balance = await cluster.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync();
                var scheduler = await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync();

                var now = time.GetUtcNow();
                var caps = CapPolicy.From(payout);
                var windows = caps.WindowsAt(now);
                var left = caps.Remaining(await settlement.CountedPayoutsSinceAsync(user, windows.WeekStart, cancellationToken), now);

                return TypedResults.Ok(new PlayerStatus(
                    user, profile.DisplayName, profile.Wallet is not null, profile.Wallet?.Value,
                    balance.Pending, balance.Reserved, balance.Paid,
                    new CapsLeft(left.PayoutsLeftToday, left.PayoutsLeftThisWeek, left.BanLeftToday, left.BanLeftThisWeek, windows.DayEnd, windows.WeekEnd),
                    scheduler.NextRunAt));
            })
            .WithSummary("Linked wallet, pending BAN, what the caps leave, and when the next settlement runs.");

        me.MapGet("/accruals", async Task<Results<Ok<Page<AccrualItem>>, ProblemHttpResult>> (
                string? cursor, string? limit, ClaimsPrincipal principal, PlayerQueries queries, CancellationToken cancellationToken) =>
            {
                long before = 0;
                if (cursor is not null && !(long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before) && before > 0))
                {
                    return BadCursor();
                }
                if (Pages.ParseLimit(limit, Pages.DefaultLimit, Pages.MaxLimit) is not { } size)
                {
                    return Pages.BadLimit(Pages.DefaultLimit, Pages.MaxLimit);
                }
                return TypedResults.Ok(await queries.AccrualsAsync(UserOf(principal), cursor is null ? null : before, size, cancellationToken));
            })
            .WithSummary("The player's accruals (kills and clicks), newest first; pass nextCursor as cursor for the next page.");

        me.MapGet("/payouts", async Task<Results<Ok<Page<PayoutItem>>, ProblemHttpResult>> (
                string? cursor, string? limit, ClaimsPrincipal principal, PlayerQueries queries, CancellationToken cancellationToken) =>
            {
                PayoutCursor? before = null;
                if (cursor is not null && !PayoutCursor.TryParse(cursor, out before))
                {
                    return BadCursor();
                }
                if (Pages.ParseLimit(limit, Pages.DefaultLimit, Pages.MaxLimit) is not { } size)
                {
                    return Pages.BadLimit(Pages.DefaultLimit, Pages.MaxLimit);
                }
                return TypedResults.Ok(await queries.PayoutsAsync(UserOf(principal), before, size, cancellationToken));
            })
            .WithSummary("The player's payouts with status, round and block hash, newest first; pass nextCursor as cursor for the next page.");

        return endpoints;
    }

    /// <summary>The signed-in user: the token's subject, which <see cref="AccessTokens"/> has checked is a user id.</summary>
    private static string UserOf(ClaimsPrincipal principal) => principal.Identity!.Name!;

    private static ProblemHttpResult BadCursor() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
        detail: "cursor must be the nextCursor of a previous page of this list, unchanged.");

    private static ProblemHttpResult NoSuchPlayer(string user) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player",
        detail: $"The access token is for user {user}, who has no account here.");
}
