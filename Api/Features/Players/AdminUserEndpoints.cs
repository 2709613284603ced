using System.Globalization;
using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Clicker;
using Faucet.Hosting;
using Faucet.Players;
using Faucet.Rewards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Players;

/// <summary>Operators find players, look at them, and ban, unban or re-check them. Support may read; acting takes an
/// admin, and every action is audited with its actor.</summary>
public static class AdminUserEndpoints
{
    private const int MaxQueryLength = 256;

    public static IEndpointRouteBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/v1/admin/users").WithTags("Players (admin)").RequireAuthorization(OperatorAuthentication.ReadPolicy);

        users.MapGet("", SearchPlayersAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Finds players by user id, identity (discord id, e-mail, did:key), wallet or the start of a display name, newest first; banned=true|false and flagged=true|false narrow it.");

        users.MapGet("/{id}", GetPlayerAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One player: identities, wallet, Epic link, ban, balance, clicker, latest payouts, flags and region.");

        users.MapPost("/{id}/ban", BanPlayerAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .AcceptsJson<BanBody>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Bans a player: {\"reason\": \"…\", \"until\": \"2026-12-01T00:00:00Z\"} (until left out: until lifted). While banned they earn nothing and are paid nothing; what they had earned waits.");

        users.MapDelete("/{id}/ban", LiftPlayerBanAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lifts a player's ban (answers the same when there is none).");

        users.MapPost("/{id}/reverify", ReverifyEpicLinkAsync)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Asks Yunite again which Epic account the player's Discord account is linked to.");

        return endpoints;
    }

    private static async Task<Results<Ok<Page<AdminUser>>, ProblemHttpResult>> SearchPlayersAsync(
        string? q, string? banned, string? flagged, string? cursor, string? limit, UserQueries queries,
        [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (q is { Length: > MaxQueryLength } || q?.Any(char.IsControl) == true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid search",
                detail: $"q is up to {MaxQueryLength} characters without control characters.");
        }
        if (!TryFlag(banned, out var bannedOnly) || !TryFlag(flagged, out var flaggedOnly))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter",
                detail: "banned and flagged are true or false.");
        }
        var (before, size, problem) = Pages.Keyset(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        return TypedResults.Ok(await queries.SearchAsync(query, bannedOnly, flaggedOnly, before, size, time.GetUtcNow(), cancellationToken));
    }

    private static async Task<Results<Ok<AdminUserDetail>, ProblemHttpResult>> GetPlayerAsync(
        string id, IClusterClient cluster, UserQueries queries, PlayerQueries payouts, RegionAnalytics regions,
        [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ProfileAsync(cluster, id) is not { } profile)
        {
            return NoSuchPlayer(id);
        }
        var user = profile.Id.Value;
        var summary = await queries.FindAsync(user, time.GetUtcNow(), cancellationToken);
        var balance = await cluster.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync();
        var clicker = await cluster.GetGrain<IClickerGrain>(user).GetAsync();
        var recent = await payouts.PayoutsAsync(user, null, null, 5, cancellationToken);
        var (flags, region) = await queries.FlagsAndRegionAsync(user, regions.KeptSince(), cancellationToken);
        return TypedResults.Ok(new AdminUserDetail(
            summary ?? Summary(profile, time.GetUtcNow()), EpicView.Of(profile.Epic), balance, clicker, recent.Items, flags, region, profile.AnalyticsOptOut));
    }

    private static async Task<Results<Ok<AdminUser>, ProblemHttpResult>> BanPlayerAsync(
        string id, HttpContext context, JsonBody json, IClusterClient cluster, UserQueries queries, ClaimsPrincipal principal,
        [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<BanBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        var reason = body!.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > PlayerBan.MaxReasonLength || reason.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid reason",
                detail: $"reason is required: 1 to {PlayerBan.MaxReasonLength} characters without control characters, saying why.");
        }
        if (body.Until is { } until && until <= now)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid end",
                detail: "until is when the ban ends, an instant in the future; leave it out for a ban until lifted.");
        }
        if (await ProfileAsync(cluster, id) is not { } profile)
        {
            return NoSuchPlayer(id);
        }
        var actor = ActorOf(principal);
        var banned = await cluster.GetGrain<IPlayerGrain>(profile.Id.Value).BanAsync(new PlayerBan(reason, body.Until?.ToUniversalTime(), actor, now));
        return TypedResults.Ok(await queries.FindAsync(banned!.Id.Value, now, cancellationToken) ?? Summary(banned, now));
    }

    private static async Task<Results<Ok<AdminUser>, ProblemHttpResult>> LiftPlayerBanAsync(
        string id, IClusterClient cluster, UserQueries queries, ClaimsPrincipal principal,
        [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ProfileAsync(cluster, id) is not { } profile)
        {
            return NoSuchPlayer(id);
        }
        var actor = ActorOf(principal);
        var lifted = await cluster.GetGrain<IPlayerGrain>(profile.Id.Value).LiftBanAsync(actor);
        return TypedResults.Ok(await queries.FindAsync(lifted!.Id.Value, time.GetUtcNow(), cancellationToken) ?? Summary(lifted, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<EpicView>, ProblemHttpResult>> ReverifyEpicLinkAsync(
        string id, IClusterClient cluster, ClaimsPrincipal principal)
    {
        if (await ProfileAsync(cluster, id) is not { } profile)
        {
            return NoSuchPlayer(id);
        }
        var refresh = await cluster.GetGrain<IPlayerGrain>(profile.Id.Value).RefreshEpicLinkAsync(ActorOf(principal));
        return refresh.Status switch
        {
            EpicLinkRefreshStatus.NoSuchPlayer => NoSuchPlayer(id),
            EpicLinkRefreshStatus.NoDiscordAccount => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No Discord account",
                detail: "This player never signed in with Discord, and Yunite looks players up by Discord account."),
            EpicLinkRefreshStatus.YuniteUnavailable => EpicView.YuniteUnavailable(refresh),
            _ => TypedResults.Ok(EpicView.Of(refresh.Link)),
        };
    }

    /// <summary>Who acts: the admin player's user id, or "operator" for the operator token.</summary>
    public static string ActorOf(ClaimsPrincipal principal) => principal.Identity?.Name ?? "operator";

    public static ProblemHttpResult NoSuchPlayer(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player",
        detail: $"No player has the id '{id}'.");

    private static async Task<PlayerProfile?> ProfileAsync(IClusterClient cluster, string id) =>
        UserId.TryParse(id, out var user) ? await cluster.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync() : null;

    /// <summary>The profile as a search result, for a player whose directory row is missing (created before the
    /// directory, and not activated since).</summary>
    private static AdminUser Summary(PlayerProfile profile, DateTimeOffset now) => new(
        profile.Id.Value,
        profile.DisplayName,
        profile.Identities.Select(i => i.Value).ToList(),
        profile.CreatedAt,
        profile.Wallet?.Value,
        EpicView.Of(profile.Epic).Status,
        profile.Ban is { } ban ? new BanView(ban.Reason, ban.Until, ban.By, ban.InForceAt(now)) : null,
        0);

    private static bool TryFlag(string? text, out bool? value)
    {
        value = text switch { null or "" => null, "true" => true, "false" => false, _ => (bool?)null };
        return value is not null || string.IsNullOrEmpty(text);
    }

    public sealed record BanBody(string? Reason, DateTimeOffset? Until = null);
}
