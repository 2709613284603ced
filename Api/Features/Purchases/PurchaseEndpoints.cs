using System.Security.Claims;
using Faucet.Api.Features.Account;
using Faucet.Api.Features.Legal;
using Faucet.Api.Features.Players;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.Purchases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Purchases;

/// <summary>Buying token packages: start a purchase, follow it, cancel it before it is paid; operators refund.</summary>
public static class PurchaseEndpoints
{
    public static IEndpointRouteBuilder MapPurchaseEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var purchases = endpoints.MapGroup("/api/v1/purchases").WithTags("Purchases").RequireAuthorization(PlayerAuthentication.Policy);

        purchases.MapPost("", BuyPackageAsync)
            .AcceptsJson<PurchaseBody>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Buys a token package: {\"packageId\": \"starter\", \"method\": \"card\"}, or {\"packageId\", \"paymentMethodId\"} to pay with a saved method, with an Idempotency-Key header. The simulated provider (stripe.mode: simulated, dry run only) pays it by itself: PENDING, PROCESSING, then COMPLETED (tokens credited once) or FAILED. 403 until the buyer has accepted the current terms and confirmed the minimum age (POST /api/v1/me/terms).");

        purchases.MapGet("", ListPurchasesAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The buyer's purchases, newest first.");

        purchases.MapGet("/{id}", GetPurchaseAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One purchase with its status history.");

        purchases.MapDelete("/{id}", CancelPurchaseAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels a purchase of the simulated provider that is still pending (a Stripe one expires on Stripe's page).");

        endpoints.MapPost("/api/v1/admin/purchases/{id}/refund", RefundPurchaseAsync)
            .WithTags("Purchases (admin)")
            .RequireAuthorization(OperatorAuthentication.Policy)
            .AcceptsJson<RefundBody>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Refunds a completed purchase of the simulated provider: {\"reason\": \"…\"}; the purchase's tokens the buyer has not spent are taken back. Audited. (Stripe purchases are refunded in Stripe's dashboard; its refund event takes the tokens back.)");

        return endpoints;
    }

    private static async Task<Results<Created<PurchaseView>, Ok<PurchaseView>, ProblemHttpResult>> BuyPackageAsync(
        HttpContext context, JsonBody json, ClaimsPrincipal principal, IClusterClient cluster, ProductOptions product, IntegrationsOptions integrations,
        CancellationToken cancellationToken)
    {
        if (integrations.SimulatedWhereBanIsReal(integrations.Stripe.Mode))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Purchases are off",
                detail: "stripe.mode is simulated and dry_run is false: the simulated provider sells nothing for real. Set stripe.mode to live.");
        }
        if (IdempotencyKeys.Of(context.Request) is not { } key)
        {
            return IdempotencyKeys.Required("purchase");
        }
        var (body, problem) = await json.ReadAsync<PurchaseBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (product.TokenPackages.FirstOrDefault(p => p.Id == body!.PackageId) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No such package",
                detail: $"packageId is one of {string.Join(", ", product.TokenPackages.Select(p => p.Id))} (GET /api/v1/tokens/packages).");
        }
        if (body!.PaymentMethodId is not null && body.Method is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Method twice",
                detail: "Name a method or a paymentMethodId (a saved method, whose type is the method), not both.");
        }
        if (body.PaymentMethodId is { Length: 0 or > 64 })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid paymentMethodId",
                detail: "paymentMethodId is the id of one of your saved payment methods (GET /api/v1/payment-methods).");
        }
        var user = principal.Identity!.Name!;
        // The same buyer's same key is the same purchase.
        var purchaseId = IdempotencyKeys.IdFor(user, key);
        var creation = await cluster.GetGrain<IPurchaseGrain>(purchaseId).CreateAsync(new PurchaseOrder(user, body.PackageId!, body.Method ?? "card", body.PaymentMethodId));
        if (creation.Status == PurchaseCreationStatus.NoSuchPaymentMethod)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid paymentMethodId",
                detail: "paymentMethodId names none of your saved payment methods (GET /api/v1/payment-methods).");
        }
        if (creation is { Status: PurchaseCreationStatus.MethodNotOffered, OfferedMethods: { } offered })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid method",
                detail: $"method is one of {string.Join(", ", offered)}.");
        }
        if (creation is { Status: PurchaseCreationStatus.TermsNotAccepted, Terms: { } terms })
        {
            return TermsProblems.NotAccepted(terms, "buying tokens");
        }
        if (creation is not { Purchase: { } purchase })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used for another purchase.");
        }
        if (purchase.Provider == "stripe" && purchase is { Status: PurchaseStatus.Pending, CheckoutUrl: null })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stripe unavailable",
                detail: "Stripe did not open a checkout page. Send the same request again (same Idempotency-Key); nothing was charged.");
        }
        return creation.Status == PurchaseCreationStatus.Created
            ? TypedResults.Created($"/api/v1/purchases/{purchaseId}", purchase)
            : TypedResults.Ok(purchase);
    }

    private static async Task<Results<Ok<Page<PurchaseSummary>>, ProblemHttpResult>> ListPurchasesAsync(
        string? cursor, string? limit, ClaimsPrincipal principal, PurchaseQueries queries, CancellationToken cancellationToken)
    {
        var (before, size, problem) = Pages.Keyset(cursor, limit);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.ListAsync(principal.Identity!.Name!, before, size, cancellationToken));
    }

    private static async Task<Results<Ok<PurchaseView>, ProblemHttpResult>> GetPurchaseAsync(string id, ClaimsPrincipal principal, IClusterClient cluster) =>
        await cluster.GetGrain<IPurchaseGrain>(id).GetAsync(principal.Identity!.Name!) is { } purchase ? TypedResults.Ok(purchase) : NoSuchPurchase(id);

    private static async Task<Results<Ok<PurchaseView>, ProblemHttpResult>> CancelPurchaseAsync(string id, ClaimsPrincipal principal, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IPurchaseGrain>(id).CancelAsync(principal.Identity!.Name!) is not { } purchase)
        {
            return NoSuchPurchase(id);
        }
        if (purchase.Status == PurchaseStatus.Cancelled)
        {
            return TypedResults.Ok(purchase);
        }
        return purchase.Provider == "stripe"
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cancel on Stripe",
                detail: "A Stripe purchase is paid or left on Stripe's checkout page; an unpaid one expires there by itself and is then cancelled here.")
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too late to cancel",
                detail: $"The purchase is {purchase.Status.ToString().ToLowerInvariant()}: only a pending one can be cancelled.");
    }

    private static async Task<Results<Ok<PurchaseView>, ProblemHttpResult>> RefundPurchaseAsync(
        string id, HttpContext context, JsonBody json, IClusterClient cluster, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<RefundBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Reason is not { Length: > 0 and <= 500 } reason || reason.Any(char.IsControl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid reason", detail: "reason is required: 1 to 500 characters saying why.");
        }
        return (await cluster.GetGrain<IPurchaseGrain>(id).RefundAsync(reason, AdminUserEndpoints.ActorOf(principal))) switch
        {
            null => NoSuchPurchase(id),
            { Decision: PurchaseRefundDecision.RefundedByProvider } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refund on Stripe",
                detail: "A Stripe purchase is refunded in the Stripe dashboard; Stripe's refund event then takes its tokens back."),
            { Decision: PurchaseRefundDecision.NotCompleted, Purchase: var purchase } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to refund",
                detail: $"The purchase is {purchase.Status.ToString().ToLowerInvariant()}: only a completed one can be refunded."),
            { Purchase: var refunded } => TypedResults.Ok(refunded),
        };
    }

    private static ProblemHttpResult NoSuchPurchase(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such purchase", detail: $"There is no purchase '{id}' of yours.");

    public sealed record PurchaseBody(string? PackageId, string? Method, string? PaymentMethodId);

    public sealed record RefundBody(string? Reason);
}
