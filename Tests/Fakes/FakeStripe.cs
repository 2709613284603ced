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
/// form body and <c>Authorization: Bearer sk_…</c>, answering a Checkout Session object (in payment mode, or in setup
/// mode with a SetupIntent that <see cref="FinishSetup"/> completes as the player would); customers, attaching and
/// detaching PaymentMethods, PaymentIntents confirmed at once, and reading a SetupIntent; a repeated
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

    /// <summary>
    /// Stripe's test PaymentMethods as this fake knows them: a card (type, brand, last four, funding, fingerprint) or
    /// PayPal, and how a charge with it goes: <c>pm_card_threeDSecure2Required</c> needs the buyer (3-D Secure),
    /// <c>pm_card_chargeDeclined</c> is declined when charged, <c>pm_card_attachDeclined</c> when saved.
    /// </summary>
    private static readonly Dictionary<string, (string Type, string Brand, string Last4, string Funding)> TestMethods = new(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = ("card", "visa", "4242", "credit"),
        ["pm_card_mastercard"] = ("card", "mastercard", "4444", "credit"),
        ["pm_card_visa_debit"] = ("card", "visa", "5556", "debit"),
        ["pm_card_threeDSecure2Required"] = ("card", "visa", "3155", "credit"),
        ["pm_card_chargeDeclined"] = ("card", "visa", "0002", "credit"),
        ["pm_card_attachDeclined"] = ("card", "visa", "0341", "credit"),
        ["pm_paypal"] = ("paypal", "", "", ""),
    };

    /// <summary>The test method an id names: <c>pm_card_visa__7</c> is another PaymentMethod of the same kind as
    /// <c>pm_card_visa</c>, as Stripe makes one per tokenisation (one for each player of a run).</summary>
    private static string Base(string id) => id.Split("__")[0];

    /// <summary>Each PaymentIntent asked for: its form fields.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Intents { get; } = new();

    /// <summary>The PaymentMethods attached to a customer and not detached since.</summary>
    public ConcurrentDictionary<string, string> Attached { get; } = new(StringComparer.Ordinal);

    private int customers;
    private int intents;

    private static IResult? Unauthorized(HttpContext context) =>
        context.Request.Headers.Authorization == "Bearer " + SecretKey
            ? null
            : Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided" } }, statusCode: 401);

    private static async Task<Dictionary<string, string>> FormAsync(HttpContext context) =>
        (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);

    private static IResult NoSuchMethod(string id) =>
        Results.Json(new { error = new { type = "invalid_request_error", code = "resource_missing", param = "payment_method", message = $"No such PaymentMethod: '{id}'" } }, statusCode: 404);

    private static Dictionary<string, object?> MethodObject(string id, string? customer)
    {
        var (type, brand, last4, funding) = TestMethods[Base(id)];
        return new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "payment_method",
            ["type"] = type,
            ["customer"] = customer,
            ["livemode"] = false,
            ["card"] = type == "card"
                ? new Dictionary<string, object?> { ["brand"] = brand, ["last4"] = last4, ["exp_month"] = 12, ["exp_year"] = 2034, ["funding"] = funding, ["fingerprint"] = "fp_" + last4 }
                : null,
            ["paypal"] = type == "paypal" ? new Dictionary<string, object?> { ["payer_id"] = "PAYER0042" } : null,
        };
    }

    private async Task<IResult> CreateCustomerAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }
        var form = await FormAsync(context);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var (_, body) = byIdempotencyKey.GetOrAdd("customer:" + key, _ => ("", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"cus_test_{Interlocked.Increment(ref customers):D4}",
            ["object"] = "customer",
            ["metadata"] = form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(f => f.Key[9..^1], f => f.Value),
        })));
        return Results.Text(body, "application/json");
    }

    private async Task<IResult> AttachAsync(HttpContext context, string id)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }
        var form = await FormAsync(context);
        if (!TestMethods.ContainsKey(Base(id)))
        {
            return NoSuchMethod(id);
        }
        if (Base(id) == "pm_card_attachDeclined")
        {
            return Results.Json(new { error = new { type = "card_error", code = "card_declined", decline_code = "generic_decline", message = "Your card was declined." } }, statusCode: 402);
        }
        Attached[id] = form["customer"];
        return Results.Json(MethodObject(id, form["customer"]));
    }

    private IResult DetachAsync(HttpContext context, string id)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }
        if (!TestMethods.ContainsKey(Base(id)))
        {
            return NoSuchMethod(id);
        }
        Attached.TryRemove(id, out _);
        return Results.Json(MethodObject(id, null));
    }

    private async Task<IResult> CreatePaymentIntentAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }
        var form = await FormAsync(context);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var answer = byIdempotencyKey.GetOrAdd("intent:" + key, _ =>
        {
            Intents.Enqueue(form);
            var id = $"pi_test_{Interlocked.Increment(ref intents):D6}";
            var method = form.GetValueOrDefault("payment_method", "");
            if (!Attached.TryGetValue(method, out var owner) || owner != form.GetValueOrDefault("customer"))
            {
                return ("404", JsonSerializer.Serialize(new { error = new { type = "invalid_request_error", code = "resource_missing", param = "payment_method", message = "No such PaymentMethod for this customer" } }));
            }
            var intent = new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "payment_intent",
                ["amount"] = long.Parse(form["amount"], System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = form["currency"],
                ["customer"] = form.GetValueOrDefault("customer"),
                ["payment_method"] = method,
                ["metadata"] = form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(f => f.Key[9..^1], f => f.Value),
                ["livemode"] = false,
            };
            switch (Base(method))
            {
                case "pm_card_chargeDeclined":
                    intent["status"] = "requires_payment_method";
                    return ("402", JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["error"] = new Dictionary<string, object?>
                        {
                            ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["message"] = "Your card has insufficient funds.", ["payment_intent"] = intent,
                        },
                    }));
                case "pm_card_threeDSecure2Required":
                    intent["status"] = "requires_action";
                    intent["next_action"] = new Dictionary<string, object?>
                    {
                        ["type"] = "redirect_to_url",
                        ["redirect_to_url"] = new Dictionary<string, object?> { ["url"] = $"https://hooks.stripe.test/3d_secure/{id}", ["return_url"] = form.GetValueOrDefault("return_url") },
                    };
                    break;
                default:
                    intent["status"] = "succeeded";
                    break;
            }
            return ("200", JsonSerializer.Serialize(intent));
        });
        var status = int.Parse(answer.Form, System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(answer.Body, "application/json", statusCode: status);
    }

    /// <summary>A <c>payment_intent.*</c> event for a charge with a saved method of the purchase <paramref name="purchaseId"/>.</summary>
    public static string PaymentIntentEvent(string eventId, string type, string paymentIntent, string purchaseId, string status, long amount) => Event(eventId, type, new Dictionary<string, object?>
    {
        ["id"] = paymentIntent,
        ["object"] = "payment_intent",
        ["amount"] = amount,
        ["currency"] = "usd",
        ["status"] = status,
        ["metadata"] = new Dictionary<string, object?> { ["faucet_purchase"] = purchaseId },
    });

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
        app.MapPost("/v1/customers", (Delegate)stripe.CreateCustomerAsync);
        app.MapPost("/v1/payment_methods/{id}/attach", (Delegate)stripe.AttachAsync);
        app.MapPost("/v1/payment_methods/{id}/detach", (Delegate)stripe.DetachAsync);
        app.MapPost("/v1/payment_intents", (Delegate)stripe.CreatePaymentIntentAsync);
        app.MapGet("/v1/setup_intents/{id}", (Delegate)stripe.GetSetupIntent);
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
        (string Form, string Body) Create(string _)
        {
            Created.Enqueue((key, form));
            var id = $"cs_test_{Interlocked.Increment(ref sessions):D6}";
            var setup = form.GetValueOrDefault("mode") == "setup";
            if (setup && !form.ContainsKey("currency") && !form.ContainsKey("allowed_payment_method_types[0]"))
            {
                return ("400", JsonSerializer.Serialize(new { error = new { type = "invalid_request_error", param = "currency", message = "currency is required in setup mode without allowed_payment_method_types." } }));
            }
            var setupIntent = setup ? $"seti_test_{Interlocked.Increment(ref setupIntents):D6}" : null;
            if (setupIntent is not null)
            {
                SetupSessions[id] = (form, setupIntent);
                SetupIntents[setupIntent] = (form.GetValueOrDefault("customer"), null);
            }
            return (formText, JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["url"] = $"https://checkout.stripe.test/c/{(setup ? "setup" : "pay")}/{id}",
                ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
                ["customer"] = form.GetValueOrDefault("customer"),
                ["mode"] = form.GetValueOrDefault("mode"),
                ["setup_intent"] = setupIntent,
                ["metadata"] = Metadata(form),
                ["status"] = "open",
                ["payment_status"] = setup ? "no_payment_required" : "unpaid",
                ["amount_total"] = long.Parse(form.GetValueOrDefault("line_items[0][price_data][unit_amount]", "0"), System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = form.GetValueOrDefault("line_items[0][price_data][currency]"),
                ["livemode"] = false,
            }));
        }
        // A request without a key is its own; one with a key used before gets the first answer back.
        var (firstForm, body) = key.Length == 0 ? Create(key) : byIdempotencyKey.GetOrAdd(key, Create);
        if (firstForm == "400")
        {
            return Results.Text(body, "application/json", statusCode: 400);
        }
        // As Stripe: a key used again with other parameters is an error, not the first answer.
        return firstForm == formText
            ? Results.Text(body, "application/json")
            : Results.Json(new { error = new { type = "idempotency_error", message = "Keys for idempotent requests can only be used with the same parameters they were first used with." } }, statusCode: 400);
    }

    private static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> form) =>
        form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(f => f.Key[9..^1], f => f.Value);

    private int setupIntents;

    private int setupIntentOutages;

    /// <summary>Makes the next <paramref name="reads"/> reads of a SetupIntent fail with a 500 (Stripe.net retries twice).</summary>
    public void FailSetupIntentReads(int reads) => Volatile.Write(ref setupIntentOutages, reads);

    /// <summary>Each setup-mode session: its form fields and the SetupIntent it made.</summary>
    public ConcurrentDictionary<string, (IReadOnlyDictionary<string, string> Form, string SetupIntent)> SetupSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Each SetupIntent: its customer, and the PaymentMethod it set up once the player finished (null before).</summary>
    public ConcurrentDictionary<string, (string? Customer, string? PaymentMethod)> SetupIntents { get; } = new(StringComparer.Ordinal);

    /// <summary>What Stripe does when the player finishes a setup-mode session with <paramref name="paymentMethod"/>: the
    /// SetupIntent succeeds with it, attached to the session's customer; the answer is the signed-to-be
    /// <c>checkout.session.completed</c> event, with the session's metadata.</summary>
    public string FinishSetup(string eventId, string sessionId, string paymentMethod)
    {
        var (form, setupIntent) = SetupSessions[sessionId];
        var customer = form.GetValueOrDefault("customer");
        SetupIntents[setupIntent] = (customer, paymentMethod);
        if (customer is not null)
        {
            Attached[paymentMethod] = customer;
        }
        return Event(eventId, "checkout.session.completed", new Dictionary<string, object?>
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["customer"] = customer,
            ["mode"] = "setup",
            ["setup_intent"] = setupIntent,
            ["metadata"] = Metadata(form),
            ["status"] = "complete",
            ["payment_status"] = "no_payment_required",
        });
    }

    private IResult GetSetupIntent(HttpContext context, string id)
    {
        if (Unauthorized(context) is { } refused)
        {
            return refused;
        }
        if (Interlocked.Decrement(ref setupIntentOutages) >= 0)
        {
            return Results.Json(new { error = new { type = "api_error", message = "An unexpected error occurred." } }, statusCode: 500);
        }
        if (!SetupIntents.TryGetValue(id, out var setup))
        {
            return Results.Json(new { error = new { type = "invalid_request_error", code = "resource_missing", param = "intent", message = $"No such setupintent: '{id}'" } }, statusCode: 404);
        }
        // As Stripe: the PaymentMethod is an id unless the request expands it.
        var expanded = context.Request.Query.Any(q => q.Key.StartsWith("expand", StringComparison.Ordinal) && q.Value == "payment_method");
        return Results.Json(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "setup_intent",
            ["customer"] = setup.Customer,
            ["status"] = setup.PaymentMethod is null ? "requires_payment_method" : "succeeded",
            ["payment_method"] = setup.PaymentMethod is not { } method ? null : expanded ? MethodObject(method, Attached.GetValueOrDefault(method)) : method,
            ["usage"] = "off_session",
            ["livemode"] = false,
        });
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
