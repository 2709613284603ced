using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Config;
using Faucet.Api.Features.Players;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.Players;
using Faucet.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Tokens;

/// <summary>A player's tokens (balance, free pulls, ledger), the packages on sale, and operators' grants.</summary>
public static class TokenEndpoints
{
    public const long MaxGrant = 1_000_000;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var tokens = endpoints.MapGroup("/api/v1/tokens").WithTags("Tokens");

        tokens.MapGet("", GetBalanceAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .WithSummary("The player's tokens, the free pulls left today, and when they reset.");

        tokens.MapGet("/transactions", GetTransactionsAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The player's token ledger newest first: each credit and debit with the balance before and after.");

        tokens.MapGet("/packages", GetPackages)
            .ServedWithoutCluster()
            .WithSummary("The token packages on sale.");

        endpoints.MapPost("/api/v1/admin/tokens/grant", GrantTokensAsync)
            .WithTags("Tokens (admin)")
            .AcceptsJson<GrantBody>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(OperatorAuthentication.Policy)
            .WithSummary("Gives a player tokens: {\"userId\", \"tokens\", \"reason\"} with an Idempotency-Key header. Audited.");

        return endpoints;
    }

    private static async Task<Ok<TokenBalance>> GetBalanceAsync(ClaimsPrincipal principal, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ITokenAccountGrain>(principal.Identity!.Name!).GetBalanceAsync());

    private static async Task<Results<Ok<Page<TokenEntry>>, ProblemHttpResult>> GetTransactionsAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, IClusterClient cluster)
    {
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        var entries = await cluster.GetGrain<ITokenAccountGrain>(principal.Identity!.Name!).GetEntriesAsync(before, size + 1);
        return TypedResults.Ok(Pages.Of(entries.ToList(), size, last => last.EntryNo.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Ok<IReadOnlyList<TokenPackageView>> GetPackages(ProductOptions product) => TypedResults.Ok(TokenPackageView.From(product));

    private static async Task<Results<Ok<TokenChange>, ProblemHttpResult>> GrantTokensAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (IdempotencyKeys.Of(context.Request) is not { } key)
        {
            return IdempotencyKeys.Required("grant");
        }
        var (body, problem) = await json.ReadAsync<GrantBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Tokens is not (> 0 and <= MaxGrant) || body.Reason is not { Length: > 0 and <= 500 } reason || reason.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid grant",
                detail: $"tokens is a whole number from 1 to {MaxGrant}, and reason (1 to 500 characters) says why.");
        }
        if (!UserId.TryParse(body.UserId, out var user))
        {
            return AdminUserEndpoints.NoSuchPlayer(body.UserId ?? "");
        }
        var change = await cluster.GetGrain<ITokenAccountGrain>(user.Value)
            .GrantAsync(new TokenGrant(key, body.Tokens.Value, reason, AdminUserEndpoints.ActorOf(principal)));
        return change.Status switch
        {
            TokenChangeStatus.NoSuchPlayer => AdminUserEndpoints.NoSuchPlayer(body.UserId ?? ""),
            TokenChangeStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used for another grant to this player."),
            _ => TypedResults.Ok(change),
        };
    }

    public sealed record GrantBody(string? UserId, long? Tokens, string? Reason);
}
