using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Faucet.Purchases;
using Faucet.Tests.Api;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Tokens;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Purchases;

/// <summary>Stripe Checkout against a wire-level fake of the Stripe API, and Stripe's webhook signed with the real
/// scheme: a paid session credits once however often or concurrently it is delivered; forged and stale deliveries
/// change nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StripePurchaseTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] TwinEvents = ["evt_paid_2", "evt_paid_3"];
    private static readonly string[] FirstOutcomes = ["completed", "already_handled"];

    private LiveNodeCluster cluster = null!;
    private FakeStripe stripe = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        stripe = await FakeStripe.StartAsync();
        cluster.Config.Replace("integrations.yaml", "  mode: ${FAUCET_STRIPE_MODE:-simulated} ", "  mode: live ");
        cluster.Config.SetLine("integrations.yaml", "secret_key", "secret_key: " + FakeStripe.SecretKey);
        cluster.Config.SetLine("integrations.yaml", "webhook_secret", "webhook_secret: " + FakeStripe.WebhookSecret);
        cluster.Config.Replace("integrations.yaml", "  api_base: \"\"                    # empty: Stripe itself", "  api_base: " + stripe.Url);
    }

    public async Task DisposeAsync()
    {
        await stripe.DisposeAsync();
        await cluster.DisposeAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> DeliverAsync(HttpClient http, string payload, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", signature);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task A_paid_checkout_credits_the_package_once_however_often_and_concurrently_it_is_delivered()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);

        var (created, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular" }, "stripe-1");
        var (repeated, again) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular" }, "stripe-1");
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        var checkoutUrl = purchase.GetProperty("checkoutUrl").GetString()!;
        var sessionId = checkoutUrl[(checkoutUrl.LastIndexOf('/') + 1)..];
        // The first deliveries come at once, as two events for the same fact, each twice.
        var twins = await Task.WhenAll(TwinEvents.Concat(TwinEvents).Select(id =>
        {
            var payload = FakeStripe.SessionEvent(id, "checkout.session.completed", sessionId, purchaseId, "paid", 399);
            return DeliverAsync(api.Http, payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow));
        }));
        var paid = FakeStripe.SessionEvent(TwinEvents[0], "checkout.session.completed", sessionId, purchaseId, "paid", 399);
        var replay = await DeliverAsync(api.Http, paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow));
        var (cancelStatus, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/purchases/{purchaseId}", token);
        var (_, completed) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{purchaseId}", token);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, checkoutUrl), (created, repeated, again.GetProperty("checkoutUrl").GetString()));
        var (key, form) = Assert.Single(stripe.Created);
        Assert.Equal("purchase-" + purchaseId, key);
        Assert.Equal((purchaseId, "399", "usd", "payment"), (form["client_reference_id"], form["line_items[0][price_data][unit_amount]"],
            form["line_items[0][price_data][currency]"], form["mode"]));
        Assert.All(twins, t => Assert.Equal(HttpStatusCode.OK, t.Status));
        Assert.All(twins, t => Assert.Contains(t.Body.GetProperty("outcome").GetString(), FirstOutcomes));
        Assert.Equal("already_handled", replay.Body.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Conflict, cancelStatus);
        Assert.Equal(["pending", "completed"], completed.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(500, (await client.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'purchase'"));
    }

    [Fact]
    public async Task The_webhook_grain_applies_an_event_delivered_to_it_twice_once_and_refuses_a_forged_one()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var purchase = (await client.Client.GetGrain<IPurchaseGrain>("grain-direct-1").CreateAsync(new PurchaseOrder(user, "popular", "card"))).Purchase!;
        var checkoutUrl = purchase.CheckoutUrl!;
        var sessionId = checkoutUrl[(checkoutUrl.LastIndexOf('/') + 1)..];
        var paid = FakeStripe.SessionEvent("evt_grain_1", "checkout.session.completed", sessionId, purchase.PurchaseId, "paid", 399);
        var webhook = client.Client.GetGrain<IStripeWebhookGrain>(0);

        var forged = await webhook.ReceiveAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow, "whsec_someone_else"));
        var first = await webhook.ReceiveAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow));
        var second = await webhook.ReceiveAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow));

        Assert.Equal(StripeDeliveryVerdict.Unverified, forged.Verdict);
        Assert.Equal(new StripeDelivery(StripeDeliveryVerdict.Handled, "evt_grain_1", "completed", purchase.PurchaseId), first);
        Assert.Equal(new StripeDelivery(StripeDeliveryVerdict.Handled, "evt_grain_1", "already_handled", null), second);
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM stripe_events WHERE event_id = 'evt_grain_1'"));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'purchase'"));
    }

    [Fact]
    public async Task Forged_stale_and_unpaid_deliveries_change_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var (_, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", PlayerTokens.For(user), new { packageId = "whale" }, "stripe-2");
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        var checkoutUrl = purchase.GetProperty("checkoutUrl").GetString()!;
        var sessionId = checkoutUrl[(checkoutUrl.LastIndexOf('/') + 1)..];
        var paid = FakeStripe.SessionEvent("evt_x", "checkout.session.completed", sessionId, purchaseId, "paid", 4999);
        var unpaid = FakeStripe.SessionEvent("evt_y", "checkout.session.completed", sessionId, purchaseId, "unpaid", 4999);
        var otherSession = FakeStripe.SessionEvent("evt_z", "checkout.session.completed", "cs_test_other", purchaseId, "paid", 4999);

        var otherVersion = FakeStripe.SessionEvent("evt_v", "checkout.session.completed", sessionId, purchaseId, "paid", 4999, apiVersion: "2020-08-27");
        var forged = await DeliverAsync(api.Http, paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow, "whsec_someone_else"));
        var versioned = await DeliverAsync(api.Http, otherVersion, FakeStripe.Sign(otherVersion, DateTimeOffset.UtcNow));
        using var unsigned = await api.Http.PostAsync("/webhooks/stripe", new StringContent(paid, Encoding.UTF8, "application/json"));
        var stale = await DeliverAsync(api.Http, paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow.AddMinutes(-6)));
        var tampered = await DeliverAsync(api.Http, paid.Replace("4999", "1", StringComparison.Ordinal), FakeStripe.Sign(paid, DateTimeOffset.UtcNow));
        var notPaid = await DeliverAsync(api.Http, unpaid, FakeStripe.Sign(unpaid, DateTimeOffset.UtcNow));
        var wrongSession = await DeliverAsync(api.Http, otherSession, FakeStripe.Sign(otherSession, DateTimeOffset.UtcNow));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadRequest, 5), new[] { forged.Status, stale.Status, tampered.Status, versioned.Status, unsigned.StatusCode });
        Assert.Equal(("processing", "unknown_session"), (notPaid.Body.GetProperty("outcome").GetString(), wrongSession.Body.GetProperty("outcome").GetString()));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM token_ledger"));
        Assert.Equal("processing", await cluster.ScalarAsync($"SELECT status FROM purchases WHERE purchase_id = '{purchaseId}'"));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM stripe_events WHERE event_id IN ('evt_x', 'evt_v')"));
    }

    [Fact]
    public async Task A_delayed_payment_is_processing_until_Stripe_says_it_succeeded_or_failed()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        async Task<(string Purchase, string Session)> BuyAsync(string key)
        {
            var (_, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter" }, key);
            var url = purchase.GetProperty("checkoutUrl").GetString()!;
            return (purchase.GetProperty("purchaseId").GetString()!, url[(url.LastIndexOf('/') + 1)..]);
        }
        async Task<string> SayAsync(string eventId, string type, (string Purchase, string Session) buy, string paymentStatus)
        {
            var payload = FakeStripe.SessionEvent(eventId, type, buy.Session, buy.Purchase, paymentStatus, 99);
            return (await DeliverAsync(api.Http, payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow))).Body.GetProperty("outcome").GetString()!;
        }
        var succeeds = await BuyAsync("slow-1");
        var fails = await BuyAsync("slow-2");
        var expires = await BuyAsync("slow-3");

        var outcomes = new[]
        {
            await SayAsync("evt_1", "checkout.session.completed", succeeds, "unpaid"),
            await SayAsync("evt_2", "checkout.session.async_payment_succeeded", succeeds, "paid"),
            await SayAsync("evt_3", "checkout.session.completed", fails, "unpaid"),
            await SayAsync("evt_4", "checkout.session.async_payment_failed", fails, "unpaid"),
            await SayAsync("evt_5", "checkout.session.expired", expires, "unpaid"),
            await SayAsync("evt_6", "checkout.session.completed", expires, "paid"),
        };

        Assert.Equal(["processing", "completed", "processing", "failed", "cancelled", "cancelled"], outcomes);
        Assert.Equal(100, (await client.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
    }
}
