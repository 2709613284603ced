using System.Security.Claims;
using Faucet.Api.Features.Legal;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Json;
using Faucet.Money;
using Faucet.Account;
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

        me.MapGet("/status", GetStatusAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Linked wallet, pending BAN, what the caps leave, when the next settlement runs, any ban in force, and whether the terms still need accepting (terms.needed).");

        me.MapPut("/analytics", SetAnalyticsChoiceAsync)
            .AcceptsJson<AnalyticsChoice>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Opts the player out of (or back into) coarse regional analytics: {\"optOut\": true}. Opting out forgets the region kept so far.");

        me.MapGet("/accruals", GetAccrualsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The player's accruals (kills and clicks), newest first; pass nextCursor as cursor for the next page.");

        me.MapGet("/payouts", GetPayoutsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The player's payouts with status, round and block hash, newest first; pass nextCursor as cursor for the next page.");

        me.MapPost("/wallet", LinkWalletAsync)
            .AcceptsJson<WalletBody>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Links the Banano wallet the player is paid to: {\"address\": \"ban_…\"}. One wallet, one player; changing it waits for a cooldown. Audited.");

        me.MapPost("/reverify", ReverifyEpicLinkAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Asks Yunite again which Epic account the player's Discord account is linked to (payouts flow only when linked).");

        return endpoints;
    }

    private static async Task<Results<Ok<PlayerStatus>, ProblemHttpResult>> GetStatusAsync(
        ClaimsPrincipal principal, IClusterClient cluster, ProductOptions product, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
    {
        var user = UserOf(principal);
        if (await cluster.GetGrain<IAccountStatusGrain>(0).GetAsync(user) is not { } status)
        {
            return NoSuchPlayer(user);
        }
        var (profile, balance) = (status.Profile, status.Balance);
        return TypedResults.Ok(new PlayerStatus(
            user, profile.DisplayName, profile.Wallet is not null, profile.Wallet?.Value,
            balance.Pending, balance.Reserved, balance.Paid,
            status.Caps,
            status.NextSettlementAt,
            status.MinPayout,
            status.NeededForPayout,
            EpicView.Of(profile.Epic),
            profile.Ban is { } ban && ban.InForceAt(time.GetUtcNow()) ? new PlayerBanView(ban.Reason, ban.Until) : null,
            profile.AnalyticsOptOut,
            TermsView.Of(new TermsStanding(product.Legal.Version, product.Legal.MinimumAge, profile.Terms))));
    }

    private static async Task<Results<Ok<AnalyticsChoice>, ProblemHttpResult>> SetAnalyticsChoiceAsync(
        HttpContext context, ClaimsPrincipal principal, JsonBody json, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<AnalyticsChoice>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.OptOut is not { } optOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid choice", detail: "optOut is required: true or false.");
        }
        var user = UserOf(principal);
        return await cluster.GetGrain<IPlayerGrain>(user).SetAnalyticsOptOutAsync(optOut)
            ? TypedResults.Ok(new AnalyticsChoice(optOut))
            : NoSuchPlayer(user);
    }

    private static async Task<Results<Ok<Page<AccrualItem>>, ProblemHttpResult>> GetAccrualsAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, PlayerQueries queries, CancellationToken cancellationToken)
    {
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.AccrualsAsync(UserOf(principal), before, size, cancellationToken));
    }

    private static async Task<Results<Ok<Page<PayoutItem>>, ProblemHttpResult>> GetPayoutsAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, PlayerQueries queries, CancellationToken cancellationToken)
    {
        var (before, size, problem) = Pages.Keyset(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.PayoutsAsync(UserOf(principal), null, before, size, cancellationToken));
    }

    private static async Task<Results<Ok<WalletLink>, ProblemHttpResult>> LinkWalletAsync(
        HttpContext context, ClaimsPrincipal principal, JsonBody json, IClusterClient cluster, PayoutOptions payout, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<WalletBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (!BananoAddress.TryParse(body!.Address, out var wallet, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Banano address", detail: body.Address is null ? "address is required: the ban_… address to be paid to." : $"address: {error}.");
        }
        var user = UserOf(principal);
        var status = await cluster.GetGrain<IPlayerGrain>(user).LinkWalletAsync(wallet);
        switch (status)
        {
            case WalletLinkStatus.NoSuchPlayer:
                return NoSuchPlayer(user);
            case WalletLinkStatus.TakenByAnotherPlayer:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Wallet taken",
                    detail: "Another player has linked this wallet; a wallet is paid to one player only.");
            case WalletLinkStatus.ChangeTooSoon:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too soon to change wallet",
                    detail: $"A linked wallet can be changed {payout.WalletChangeCooldownHours} hours after it was linked.");
        }
        return TypedResults.Ok(new WalletLink(wallet.Value, status));
    }

    private static async Task<Results<Ok<EpicView>, ProblemHttpResult>> ReverifyEpicLinkAsync(ClaimsPrincipal principal, IClusterClient cluster)
    {
        var user = UserOf(principal);
        var refresh = await cluster.GetGrain<IPlayerGrain>(user).RefreshEpicLinkAsync(admin: null);
        return refresh.Status switch
        {
            EpicLinkRefreshStatus.NoSuchPlayer => NoSuchPlayer(user),
            EpicLinkRefreshStatus.NoDiscordAccount => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No Discord account",
                detail: "Yunite looks players up by Discord account: sign in with Discord first."),
            EpicLinkRefreshStatus.YuniteUnavailable => EpicView.YuniteUnavailable(refresh),
            _ => TypedResults.Ok(EpicView.Of(refresh.Link)),
        };
    }

    public sealed record WalletBody(string? Address);

    public sealed record AnalyticsChoice(bool? OptOut);

    /// <summary>The signed-in user: the token's subject, which <see cref="AccessTokens"/> has checked is a user id.</summary>
    private static string UserOf(ClaimsPrincipal principal) => principal.Identity!.Name!;

    private static ProblemHttpResult NoSuchPlayer(string user) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player",
        detail: $"The access token is for user {user}, who has no account here.");
}
