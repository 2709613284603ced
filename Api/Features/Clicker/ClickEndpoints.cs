using System.Globalization;
using System.Security.Claims;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Clicker;
using Faucet.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Clicker;

/// <summary><c>POST /api/v1/click</c>: one click of the clicker game, for a signed-in player; <c>GET</c> the counts so far.</summary>
public static class ClickEndpoints
{
    public sealed record ClickBody(string? ClientNonce);

    public static IEndpointRouteBuilder MapClickEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/click", ClickAsync)
            .WithTags("Clicker")
            .RequireAuthorization(PlayerAuthentication.Policy)
            .WithMetadata(LimitedByItsGrain.Instance)
            .AcceptsJson<ClickBody>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("One click: {\"clientNonce\": \"…\"}. Sending the same nonce again returns the first answer and counts nothing.");

        endpoints.MapGet("/api/v1/click", GetClickerAsync)
            .WithTags("Clicker")
            .RequireAuthorization(PlayerAuthentication.Policy)
            .WithSummary("The player's accepted clicks today, this week and ever, and the end of a clicker ban in force.");
        return endpoints;
    }

    private static async Task<Results<Ok<ClickAnswer>, ProblemHttpResult>> ClickAsync(
        HttpContext context, ClaimsPrincipal principal, JsonBody json, ClientHashes hashes, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<ClickBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (ClickRequest.NonceProblem(body!.ClientNonce) is { } nonceProblem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid clientNonce", detail: nonceProblem);
        }

        var request = new ClickRequest(body.ClientNonce!, hashes.Of(ClientRateLimits.ClientOf(context.Connection.RemoteIpAddress)), hashes.Of(context.Request.Headers.UserAgent.ToString()));
        var answer = await cluster.GetGrain<IClickerGrain>(principal.Identity!.Name!).ClickAsync(request);
        switch (answer.Outcome)
        {
            case ClickOutcome.RateLimited:
                var wait = answer.RetryAt is { } at ? Math.Max(1, (int)Math.Ceiling((at - answer.At).TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Clicking too fast",
                    detail: "This click was not counted: the clicker allows a burst and then a steady pace. Wait for retryAt.",
                    extensions: new Dictionary<string, object?> { ["seq"] = answer.Seq, ["retryAt"] = answer.RetryAt });
            case ClickOutcome.Banned:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Clicker banned for a while",
                    detail: "This click was not counted: the clicks of this account looked automated, so the clicker is closed to it until bannedUntil.",
                    extensions: new Dictionary<string, object?> { ["seq"] = answer.Seq, ["bannedUntil"] = answer.BannedUntil });
            default:
                return TypedResults.Ok(answer);
        }
    }

    private static async Task<Ok<ClickerStatus>> GetClickerAsync(ClaimsPrincipal principal, IClusterClient cluster, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
    {
        var clicker = await cluster.GetGrain<IClickerGrain>(principal.Identity!.Name!).GetAsync();
        return TypedResults.Ok(new ClickerStatus(clicker.Counts, clicker.BannedUntil > time.GetUtcNow() ? clicker.BannedUntil : null));
    }
}
