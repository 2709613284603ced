using Faucet.Configuration;
using Faucet.Purchases;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Purchases;

/// <summary>
/// Stripe's webhook: the raw body and its <c>Stripe-Signature</c> go to <see cref="IStripeWebhookGrain"/>, which verifies
/// and handles the event; a delivery that does not verify is a 400 and changes nothing.
/// </summary>
public static class StripeWebhookEndpoints
{
    private const int MaxBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/stripe", ReceiveStripeEventAsync)
            .WithTags("Purchases")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Stripe's webhook: signed events only (Stripe-Signature, five minutes, this build's API version).");
        return endpoints;
    }

    private static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveStripeEventAsync(
        HttpContext context, IClusterClient cluster, IntegrationsOptions integrations, CancellationToken cancellationToken)
    {
        if (integrations.Stripe.Mode != IntegrationMode.Live)
        {
            return NotLive();
        }
        var signature = context.Request.Headers["Stripe-Signature"].ToString();
        if (signature.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a verified Stripe event", detail: "The Stripe-Signature header is missing.");
        }
        // Chunked bodies too: reading stops at the limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        string json;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            json = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"A Stripe event is at most {MaxBytes} bytes here.");
        }
        var delivery = await cluster.GetGrain<IStripeWebhookGrain>(0).ReceiveAsync(json, signature);
        return delivery.Verdict switch
        {
            StripeDeliveryVerdict.Handled => TypedResults.Ok(new WebhookAnswer(delivery.EventId!, delivery.Outcome!, delivery.PurchaseId)),
            StripeDeliveryVerdict.NotLive => NotLive(),
            StripeDeliveryVerdict.TryAgain => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again",
                detail: $"Event {delivery.EventId} needs an answer from Stripe, which did not come; nothing changed. Deliver it again."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a verified Stripe event",
                detail: "The Stripe-Signature does not verify for this body, is older than five minutes, or the event is of another API version."),
        };
    }

    private static ProblemHttpResult NotLive() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No Stripe here", detail: "stripe.mode is not live.");
}

/// <param name="Outcome">The purchase's status after the event (pending, processing, completed, failed, cancelled,
/// refunded, disputed), ignored (an event that needs nothing), unknown_session, unknown_payment (a refund or dispute of
/// a payment no purchase kept), or already_handled; for a method a player added on Stripe's page: method_saved,
/// method_already_saved or method_refused.</param>
public sealed record WebhookAnswer(string EventId, string Outcome, string? PurchaseId);
