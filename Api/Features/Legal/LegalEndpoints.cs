using System.Security.Claims;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.Players;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Legal;

/// <summary>The terms of service and privacy policy: their texts, and a player's acceptance of them (with the age gate)
/// that purchases, paid pulls and jobs wait for.</summary>
public static class LegalEndpoints
{
    private const string Markdown = "text/markdown; charset=utf-8";

    public static IEndpointRouteBuilder MapLegalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var legal = endpoints.MapGroup("/api/v1/legal").WithTags("Legal");

        legal.MapGet("/terms", GetTerms)
            .ServedWithoutCluster()
            .Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The terms of service as Markdown (legal.terms in product.yaml); 404 when the operator keeps them at a URL, which GET /api/v1/config/product names.");

        legal.MapGet("/privacy", GetPrivacy)
            .ServedWithoutCluster()
            .Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The privacy policy as Markdown (legal.privacy in product.yaml); 404 when the operator keeps it at a URL, which GET /api/v1/config/product names.");

        endpoints.MapPost("/api/v1/me/terms", AcceptTermsAsync)
            .WithTags("Me")
            .RequireAuthorization(PlayerAuthentication.Policy)
            .AcceptsJson<TermsBody>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Accepts the terms of service and privacy policy of the current version and confirms the minimum age: {\"version\": \"2026-12-07\", \"ageConfirmed\": true}. Purchases, paid pulls and jobs are refused (403) until then; a new version asks again. 409 for a version that is not the current one, 400 when ageConfirmed is not true while an age is asked.");

        return endpoints;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> GetTerms(ProductOptions product) =>
        Text(product.Legal.TermsText, "terms of service", product.Legal.Terms);

    private static Results<ContentHttpResult, ProblemHttpResult> GetPrivacy(ProductOptions product) =>
        Text(product.Legal.PrivacyText, "privacy policy", product.Legal.Privacy);

    private static Results<ContentHttpResult, ProblemHttpResult> Text(string? markdown, string what, string where) => markdown is not null
        ? TypedResults.Text(markdown, Markdown)
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Kept elsewhere", detail: $"The {what} is at {where}.");

    private static async Task<Results<Ok<TermsView>, ProblemHttpResult>> AcceptTermsAsync(
        HttpContext context, ClaimsPrincipal principal, JsonBody json, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<TermsBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Version is not { } version)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid version",
                detail: "version is required: the version of the terms being accepted (GET /api/v1/config/product, legal.version).");
        }
        if (version.Length is 0 or > LegalOptions.MaxVersionLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid version",
                detail: $"version must be 1 to {LegalOptions.MaxVersionLength} characters: the version of the terms being accepted (GET /api/v1/config/product, legal.version).");
        }
        if (body.AgeConfirmed is not { } ageConfirmed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid ageConfirmed",
                detail: "ageConfirmed is required: true to confirm you are at least the minimum age (GET /api/v1/config/product, legal.minimumAge).");
        }
        var user = principal.Identity!.Name!;
        var answer = await cluster.GetGrain<IPlayerGrain>(user).AcceptTermsAsync(version, ageConfirmed);
        var asked = answer.Standing;
        return answer.Status switch
        {
            TermsAnswerStatus.NoSuchPlayer => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player",
                detail: $"The access token is for user {user}, who has no account here."),
            TermsAnswerStatus.WrongVersion => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not the current version",
                detail: $"version: '{version}' is not the current version of the terms, {asked.Version}. Read that version and accept it.",
                extensions: new Dictionary<string, object?> { ["termsVersion"] = asked.Version }),
            TermsAnswerStatus.AgeNotConfirmed => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Age not confirmed",
                detail: $"ageConfirmed must be true: players here must be at least {asked.MinimumAge}.",
                extensions: new Dictionary<string, object?> { ["minimumAge"] = asked.MinimumAge }),
            _ => TypedResults.Ok(TermsView.Of(asked)),
        };
    }

    /// <summary>Read strictly: a field it does not know is refused, so a client's misspelt <c>ageConfirmed</c> is never
    /// taken as no answer.</summary>
    /// <param name="Version">The version of the terms being accepted: the current one.</param>
    /// <param name="AgeConfirmed">True: the player confirms being at least the minimum age.</param>
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record TermsBody(string? Version, bool? AgeConfirmed);
}
