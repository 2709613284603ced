using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Players;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Webhooks;

/// <summary>Operators add, list, test and inspect the endpoints that receive the faucet's events (Standard Webhooks).</summary>
public static class WebhookAdminEndpoints
{
    public static IEndpointRouteBuilder MapWebhookAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var hooks = endpoints.MapGroup("/api/v1/admin/webhooks").WithTags("Webhooks (admin)").RequireAuthorization(OperatorAuthentication.Policy);

        hooks.MapPost("", AddWebhookAsync)
            .AcceptsJson<AddBody>()
            .WithSummary("Adds an endpoint: {\"url\": \"https://…\", \"events\": [\"payout.sent\", …]}. The answer holds its signing secret (whsec_…), shown this once.")
            .WithDescription($"events lists one or more of {string.Join(", ", WebhookEvents.All)}.");

        hooks.MapGet("", ListWebhooksAsync)
            .WithSummary("The endpoints, with what is pending, delivered and failed.");

        hooks.MapPost("/{id}/test", SendTestEventAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends a webhook.test event to the endpoint; its delivery shows under /deliveries.");

        hooks.MapGet("/{id}/deliveries", GetDeliveriesAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The endpoint's deliveries newest first: status, attempts, the last answer and the next attempt.");

        return endpoints;
    }

    private static async Task<Results<Created<AddedWebhook>, ProblemHttpResult>> AddWebhookAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<AddBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (!Uri.TryCreate(body!.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || body.Url!.Length > 2000)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid url", detail: "url is the absolute http(s) URL that receives the events.");
        }
        if (body.Events is not { Count: > 0 } events || events.Any(e => !WebhookEvents.All.Contains(e)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid events",
                detail: $"events lists one or more of {string.Join(", ", WebhookEvents.All)}.");
        }
        var added = await cluster.GetGrain<IWebhookRegistryGrain>(0).AddAsync(new WebhookEndpointAsk(body.Url, events, AdminUserEndpoints.ActorOf(principal)));
        return TypedResults.Created($"/api/v1/admin/webhooks/{added.EndpointId}", new AddedWebhook(added.EndpointId, added.Url, added.Events, added.Secret));
    }

    private static async Task<Ok<IReadOnlyList<WebhookEndpointView>>> ListWebhooksAsync(WebhookQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.ListAsync(null, cancellationToken));

    private static async Task<Results<Accepted<TestSent>, ProblemHttpResult>> SendTestEventAsync(string id, IClusterClient cluster, ClaimsPrincipal principal) =>
        await cluster.GetGrain<IWebhookEndpointGrain>(id).SendTestAsync(AdminUserEndpoints.ActorOf(principal)) is { } messageId
            ? TypedResults.Accepted($"/api/v1/admin/webhooks/{id}/deliveries", new TestSent(id, messageId))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such endpoint", detail: $"There is no enabled webhook endpoint '{id}'.");

    private static async Task<Results<Ok<Page<WebhookDeliveryView>>, ProblemHttpResult>> GetDeliveriesAsync(
        string id, string? cursor, string? limit, WebhookQueries queries, CancellationToken cancellationToken)
    {
        var (before, size, problem) = Pages.Numbered(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.DeliveriesAsync(id, before, size, cancellationToken));
    }

    public sealed record AddBody(string? Url, IReadOnlyList<string>? Events);

    /// <param name="Secret">The signing secret: shown this once.</param>
    public sealed record AddedWebhook(string EndpointId, string Url, IReadOnlyList<string> Events, string Secret);

    public sealed record TestSent(string EndpointId, string MessageId);
}
