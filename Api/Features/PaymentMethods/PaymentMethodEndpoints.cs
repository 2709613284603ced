using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.PaymentMethods;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.PaymentMethods;

/// <summary>
/// A player's saved payment methods: saved from a payment provider's token, listed, made the default, removed; each
/// call is one call to the player's PaymentMethods grain. A token that looks like a card number is refused here, before
/// it goes anywhere, and is neither kept nor written to a log nor repeated in the answer.
/// </summary>
public static partial class PaymentMethodEndpoints
{
    private static readonly string[] Types = ["card", "debit", "paypal"];

    public static IEndpointRouteBuilder MapPaymentMethodEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var methods = endpoints.MapGroup("/api/v1/payment-methods").WithTags("Payment methods").RequireAuthorization(PlayerAuthentication.Policy);

        methods.MapPost("", AddMethodAsync)
            .AcceptsJson<AddBody>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Saves a payment method: {\"type\": \"card\" | \"debit\" | \"paypal\", \"token\": \"…\", \"isDefault\": false}. The token comes from the payment provider (the simulated one takes tok_visa_4242, tok_mastercard_4444, tok_amex_0005, tok_visa_debit_5556, tok_mastercard_debit_5556, tok_paypal; tok_chargeDeclined is declined; with Stripe, a PaymentMethod id pm_… made by Stripe.js, or use POST /api/v1/payment-methods/setup), never a card number (400). An unknown token is 400, the same method again 409, a method the provider declines 422; at most 10 of these requests a minute (429).");

        methods.MapPost("/setup", OpenSetupAsync)
            .AcceptsJson<SetupBody>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Opens the payment provider's own page where the player adds a method: {\"type\": \"card\" | \"debit\" | \"paypal\", \"isDefault\": false} → {url}. With Stripe, Checkout in setup mode for the player's Customer; Stripe sends the player back to setup_return_url, and the method is saved when Stripe's webhook tells of it (GET /api/v1/payment-methods then lists it). The simulated provider has no such page (501: save its test tokens with POST /api/v1/payment-methods). Counted with saving a token: at most 10 a minute (429); a player with 10 methods gets 409.");

        methods.MapGet("", ListMethodsAsync)
            .WithSummary("The player's saved methods, the default first: id, type, brand, last four, expiry, whether it is the default, when it was saved.");

        methods.MapDelete("/{id}", RemoveMethodAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Removes one of the player's saved methods; if it was the default, the newest left becomes it.");

        methods.MapPut("/{id}/default", SetDefaultAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Makes one of the player's saved methods the default.");
        return endpoints;
    }

    /// <summary>Whether <paramref name="token"/> holds a run of 13 to 19 digits, with or without spaces or dashes between
    /// them: a card number, which is never to be sent here.</summary>
    public static bool LooksLikeCardNumber(string token) => CardNumber().IsMatch(token);

    private static async Task<Results<Created<PaymentMethodView>, ProblemHttpResult>> AddMethodAsync(
        HttpContext context, JsonBody json, ClaimsPrincipal principal, IClusterClient cluster, IntegrationsOptions integrations, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<AddBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Token is { } raw && LooksLikeCardNumber(raw))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Card number refused",
                detail: "token looks like a card number. Send the token your payment provider gave for the card, never its number; nothing was kept.");
        }
        if (integrations.SimulatedWhereBanIsReal(integrations.Stripe.Mode))
        {
            return PaymentsOff();
        }
        if (body.Type is not { } type || !Types.Contains(type, StringComparer.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid type", detail: $"type is one of {string.Join(", ", Types)}.");
        }
        if (body.Token is not { Length: > 0 and <= 200 } token || !TokenShape().IsMatch(token))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid token",
                detail: "token is the payment provider's token for the method: 1 to 200 letters, digits and underscores.");
        }
        var answer = await cluster.GetGrain<IPaymentMethodsGrain>(principal.Identity!.Name!).AddAsync(type, token, body.IsDefault ?? false);
        return answer.Outcome == PaymentMethodOutcome.Saved
            ? TypedResults.Created($"/api/v1/payment-methods/{answer.Method!.Id}", answer.Method)
            : Refusal(context, answer);
    }

    private static async Task<Results<Ok<SetupPage>, ProblemHttpResult>> OpenSetupAsync(
        HttpContext context, JsonBody json, ClaimsPrincipal principal, IClusterClient cluster, IntegrationsOptions integrations, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<SetupBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Type is not { } type || !Types.Contains(type, StringComparer.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid type", detail: $"type is one of {string.Join(", ", Types)}.");
        }
        if (integrations.SimulatedWhereBanIsReal(integrations.Stripe.Mode))
        {
            return PaymentsOff();
        }
        var answer = await cluster.GetGrain<IPaymentMethodsGrain>(principal.Identity!.Name!).OpenSetupAsync(type, body.IsDefault ?? false);
        return answer.Outcome switch
        {
            PaymentMethodOutcome.SetupOpened => TypedResults.Ok(new SetupPage(answer.Url!)),
            PaymentMethodOutcome.NotOffered => TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not offered",
                detail: "This payment provider has no page of its own to add a method on: save one of its tokens with POST /api/v1/payment-methods."),
            _ => Refusal(context, answer),
        };
    }

    /// <summary>The problem for an answer that saved nothing and opened nothing.</summary>
    private static ProblemHttpResult Refusal(HttpContext context, PaymentMethodAnswer answer)
    {
        if (answer.Outcome == PaymentMethodOutcome.RateLimited)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(answer.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return answer.Outcome switch
        {
            PaymentMethodOutcome.RateLimited => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"A player may ask to save a payment method {IPaymentMethodsGrain.AddsPerMinute} times a minute; wait for Retry-After seconds."),
            PaymentMethodOutcome.InvalidToken => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid token", detail: $"token: {answer.Detail}."),
            PaymentMethodOutcome.Declined => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Declined",
                detail: $"The payment provider declined this method ({answer.Detail}); nothing was saved."),
            PaymentMethodOutcome.Refused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused by the payment provider",
                detail: $"{answer.Detail}. Nothing was saved."),
            PaymentMethodOutcome.AlreadySaved => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already saved",
                detail: $"This method is saved already, as {answer.Method!.Id}."),
            PaymentMethodOutcome.TooMany => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many methods",
                detail: $"A player keeps at most {IPaymentMethodsGrain.MaxMethods} payment methods: remove one first."),
            PaymentMethodOutcome.ProviderUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payment provider unavailable",
                detail: "The payment provider did not answer; nothing was saved. Try again."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not offered",
                detail: "This payment provider keeps no saved methods."),
        };
    }

    private static ProblemHttpResult PaymentsOff() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payments are off",
            detail: "stripe.mode is simulated and dry_run is false: the simulated provider keeps no methods for real. Set stripe.mode to live.");

    private static async Task<Ok<IReadOnlyList<PaymentMethodView>>> ListMethodsAsync(ClaimsPrincipal principal, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IPaymentMethodsGrain>(principal.Identity!.Name!).ListAsync());

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMethodAsync(string id, ClaimsPrincipal principal, IClusterClient cluster) =>
        await cluster.GetGrain<IPaymentMethodsGrain>(principal.Identity!.Name!).RemoveAsync(id) ? TypedResults.NoContent() : NoSuchMethod(id);

    private static async Task<Results<Ok<PaymentMethodView>, ProblemHttpResult>> SetDefaultAsync(string id, ClaimsPrincipal principal, IClusterClient cluster) =>
        await cluster.GetGrain<IPaymentMethodsGrain>(principal.Identity!.Name!).SetDefaultAsync(id) is { } method ? TypedResults.Ok(method) : NoSuchMethod(id);

    public static ProblemHttpResult NoSuchMethod(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such payment method",
            detail: $"You have no saved payment method '{(id.Length <= 40 && TokenShape().IsMatch(id) ? id : "…")}' (GET /api/v1/payment-methods).");

    [GeneratedRegex(@"\d(?:[ -]?\d){12,18}")]
    private static partial Regex CardNumber();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex TokenShape();

    public sealed record AddBody(string? Type, string? Token, bool? IsDefault);

    public sealed record SetupBody(string? Type, bool? IsDefault);

    /// <summary>Where the player adds the method, on the provider's own page.</summary>
    public sealed record SetupPage(string Url);
}
