using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// The part of the Stripe API the faucet uses, on 127.0.0.1 at the wire level: <c>POST /v1/checkout/sessions</c> with a
/// form body and <c>Authorization: Bearer sk_…</c>, answering a Checkout Session object; a repeated
/// <c>Idempotency-Key</c> gets the first answer back, as Stripe does. It also signs webhook events as Stripe does
/// (<c>Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")</c>).
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_0123456789";
    public const string WebhookSecret = "whsec_fake_0123456789abcdef";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Form, string Body)> byIdempotencyKey = new(StringComparer.Ordinal);
    private int sessions;

    private FakeStripe(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    /// <summary>Each session created: its form fields.</summary>
    public ConcurrentQueue<(string IdempotencyKey, IReadOnlyDictionary<string, string> Form)> Created { get; } = new();

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stripe = new FakeStripe(app);
        app.MapPost("/v1/checkout/sessions", (Delegate)stripe.CreateSessionAsync);
        await app.StartAsync();
        return stripe;
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Bearer " + SecretKey)
        {
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided" } }, statusCode: 401);
        }
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var formText = string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
        var (firstForm, body) = byIdempotencyKey.GetOrAdd(key, _ =>
        {
            Created.Enqueue((key, form));
            var id = $"cs_test_{Interlocked.Increment(ref sessions):D6}";
            return (formText, JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
                ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
                ["mode"] = form.GetValueOrDefault("mode"),
                ["status"] = "open",
                ["payment_status"] = "unpaid",
                ["amount_total"] = long.Parse(form.GetValueOrDefault("line_items[0][price_data][unit_amount]", "0"), System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = form.GetValueOrDefault("line_items[0][price_data][currency]"),
                ["livemode"] = false,
            }));
        });
        // As Stripe: a key used again with other parameters is an error, not the first answer.
        return firstForm == formText
            ? Results.Text(body, "application/json")
            : Results.Json(new { error = new { type = "idempotency_error", message = "Keys for idempotent requests can only be used with the same parameters they were first used with." } }, statusCode: 400);
    }

    /// <summary>An event as Stripe sends it for a Checkout Session, at the API version Stripe.net speaks.</summary>
    public static string SessionEvent(string eventId, string type, string sessionId, string purchaseId, string paymentStatus, long amount, string? apiVersion = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion ?? global::Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId,
                    ["object"] = "checkout.session",
                    ["client_reference_id"] = purchaseId,
                    ["payment_status"] = paymentStatus,
                    ["status"] = paymentStatus == "paid" ? "complete" : "expired",
                    ["amount_total"] = amount,
                    ["currency"] = "usd",
                    ["mode"] = "payment",
                    ["payment_intent"] = paymentStatus == "paid" ? PaymentIntentOf(sessionId) : null,
                },
            },
        });

    /// <summary>The PaymentIntent a paid session of <see cref="SessionEvent"/> names.</summary>
    public static string PaymentIntentOf(string sessionId) => "pi_" + sessionId;

    /// <summary>A <c>charge.refunded</c> event: <paramref name="amountRefunded"/> is what was refunded of the charge in all.</summary>
    public static string RefundEvent(string eventId, string paymentIntent, long amount, long amountRefunded) => Event(eventId, "charge.refunded", new Dictionary<string, object?>
    {
        ["id"] = "ch_" + paymentIntent,
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_captured"] = amount,
        ["amount_refunded"] = amountRefunded,
        ["refunded"] = amountRefunded == amount,
        ["currency"] = "usd",
        ["paid"] = true,
        ["status"] = "succeeded",
        ["payment_intent"] = paymentIntent,
    });

    /// <summary>A <c>charge.dispute.created</c> or <c>charge.dispute.closed</c> event.</summary>
    public static string DisputeEvent(string eventId, string type, string disputeId, string paymentIntent, long amount, string status) => Event(eventId, type, new Dictionary<string, object?>
    {
        ["id"] = disputeId,
        ["object"] = "dispute",
        ["amount"] = amount,
        ["charge"] = "ch_" + paymentIntent,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntent,
        ["reason"] = "fraudulent",
        ["status"] = status,
    });

    private static string Event(string eventId, string type, Dictionary<string, object?> data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?> { ["object"] = data },
        });

    /// <summary>The Stripe-Signature header for <paramref name="payload"/> signed at <paramref name="at"/>.</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}")));
        return $"t={timestamp},v1={signature}";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
