using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Purchases;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Stripe;
using Stripe.Checkout;

namespace Faucet.Api.Features.Purchases;

/// <summary>
/// Stripe's webhook. Each delivery is verified (the <c>Stripe-Signature</c> HMAC over the raw body with
/// <c>stripe.webhook_secret</c>, a timestamp within five minutes, and the API version this build speaks); anything else
/// is a 400 and changes nothing. A paid <c>checkout.session.completed</c> (or <c>async_payment_succeeded</c>) completes the
/// purchase named by its <c>client_reference_id</c>, whose tokens come from our purchase record; an unpaid one means the
/// payment is on its way (processing), <c>async_payment_failed</c> fails it, an expired session cancels it. An event
/// handled before is answered again and not handled twice.
/// </summary>
public static partial class StripeWebhookEndpoints
{
    private const int MaxBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/stripe", async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> (
                HttpContext context, IClusterClient cluster, IntegrationsOptions integrations, NpgsqlDataSource database,
                [FromKeyedServices(FaucetClock.Key)] TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            {
                if (integrations.Stripe.Mode != IntegrationMode.Live)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No Stripe here", detail: "stripe.mode is not live.");
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
                Event stripeEvent;
                try
                {
                    stripeEvent = EventUtility.ConstructEvent(json, signature, integrations.Stripe.WebhookSecret,
                        tolerance: 300, utcNow: time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefused(loggers.CreateLogger("Faucet.Api.StripeWebhook"), e.Message);
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a verified Stripe event",
                        detail: "The Stripe-Signature does not verify for this body, is older than five minutes, or the event is of another API version.");
                }

                if (await HandledAsync(database, stripeEvent.Id, cancellationToken))
                {
                    return TypedResults.Ok(new WebhookAnswer(stripeEvent.Id, "already_handled", null));
                }
                string? purchaseId = null;
                string outcome = "ignored";
                if (stripeEvent.Data.Object is Session session && session.ClientReferenceId is { Length: > 0 } reference)
                {
                    purchaseId = reference;
                    var purchase = cluster.GetGrain<IPurchaseGrain>(reference);
                    (PurchaseStatus Status, string Detail)? says = stripeEvent.Type switch
                    {
                        EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded when session.PaymentStatus == "paid" =>
                            (PurchaseStatus.Completed, $"paid through Stripe Checkout {session.Id}"),
                        EventTypes.CheckoutSessionCompleted => (PurchaseStatus.Processing, $"Stripe Checkout {session.Id} completed; the payment is on its way"),
                        EventTypes.CheckoutSessionAsyncPaymentFailed => (PurchaseStatus.Failed, $"the payment of Stripe Checkout {session.Id} failed"),
                        EventTypes.CheckoutSessionExpired => (PurchaseStatus.Cancelled, $"Stripe Checkout {session.Id} expired unpaid"),
                        _ => null,
                    };
                    if (says is { } step)
                    {
                        outcome = await purchase.CheckoutSaysAsync(session.Id, step.Status, step.Detail) is { } now
                            ? now.Status.ToString().ToLowerInvariant()
                            : "unknown_session";
                    }
                }
                await RecordAsync(database, stripeEvent, purchaseId, time.GetUtcNow(), cancellationToken);
                return TypedResults.Ok(new WebhookAnswer(stripeEvent.Id, outcome, purchaseId));
            })
            .WithTags("Purchases")
            .WithSummary("Stripe's webhook: signed events only (Stripe-Signature, five minutes, this build's API version).");
        return endpoints;
    }

    private static async Task<bool> HandledAsync(NpgsqlDataSource database, string eventId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT 1 FROM stripe_events WHERE event_id = @id");
        command.Parameters.AddWithValue("id", eventId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Recorded after handling: an event whose handling failed is handled again when Stripe delivers it again.</summary>
    private static async Task RecordAsync(NpgsqlDataSource database, Event stripeEvent, string? purchaseId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO stripe_events (event_id, type, purchase_id, handled_at) VALUES (@id, @type, @purchase, @at) ON CONFLICT (event_id) DO NOTHING");
        command.Parameters.AddWithValue("id", stripeEvent.Id);
        command.Parameters.AddWithValue("type", stripeEvent.Type);
        command.Parameters.AddWithValue("purchase", (object?)purchaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Stripe webhook delivery was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

/// <param name="Outcome">The purchase's status after the event (pending, processing, completed, failed, cancelled,
/// refunded), ignored (an event that needs nothing), unknown_session, or already_handled.</param>
public sealed record WebhookAnswer(string EventId, string Outcome, string? PurchaseId);
