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
    private static readonly string[] RefundEvents = ["purchase.refunded"];

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

    /// <summary>Buys <paramref name="packageId"/> through the Api and delivers its paid session; the purchase and its payment.</summary>
    private static async Task<(string Purchase, string Payment)> BuyPaidAsync(HttpClient http, string user, string packageId, string key, long amount)
    {
        var (_, purchase) = await CallAsync(http, HttpMethod.Post, "/api/v1/purchases", PlayerTokens.For(user), new { packageId }, key);
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        var url = purchase.GetProperty("checkoutUrl").GetString()!;
        var session = url[(url.LastIndexOf('/') + 1)..];
        var paid = FakeStripe.SessionEvent("evt_paid_" + key, "checkout.session.completed", session, purchaseId, "paid", amount);
        Assert.Equal("completed", (await DeliverAsync(http, paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow))).Body.GetProperty("outcome").GetString());
        return (purchaseId, FakeStripe.PaymentIntentOf(session));
    }

    private static async Task<string> SendAsync(HttpClient http, string payload) =>
        (await DeliverAsync(http, payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow))).Body.GetProperty("outcome").GetString()!;

    [Fact]
    public async Task Refunds_made_at_Stripe_take_back_the_refunded_share_once_each_and_never_more_than_the_balance()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var (_, hook) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken,
            new { url = receiver.Url, events = RefundEvents });
        receiver.Secret = hook.GetProperty("secret").GetString()!;
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var tokens = client.Client.GetGrain<ITokenAccountGrain>(user);
        var (purchaseId, payment) = await BuyPaidAsync(api.Http, user, "popular", "refund-1", 399);

        var partial = FakeStripe.RefundEvent("evt_refund_1", payment, 399, 100);
        var outcomes = new List<string> { await SendAsync(api.Http, partial), await SendAsync(api.Http, partial) };
        // The same total again under another event (Stripe reports a refund's updates too) takes nothing more.
        outcomes.Add(await SendAsync(api.Http, FakeStripe.RefundEvent("evt_refund_1b", payment, 399, 100)));
        var afterPartial = (await tokens.GetBalanceAsync()).Tokens;
        Assert.True((await tokens.ApplyAsync(new TokenCommand("spend-1", TokenEntryKind.Pull, -300, "pull-1"))).Done);
        outcomes.Add(await SendAsync(api.Http, FakeStripe.RefundEvent("evt_refund_2", payment, 399, 399)));
        // An older total arriving late changes nothing.
        outcomes.Add(await SendAsync(api.Http, FakeStripe.RefundEvent("evt_refund_0", payment, 399, 50)));
        outcomes.Add(await SendAsync(api.Http, FakeStripe.RefundEvent("evt_refund_other", "pi_someone_elses", 399, 399)));
        var (_, view) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{purchaseId}", PlayerTokens.For(user));
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count >= 2), TimeSpan.FromSeconds(60), "both refunds are announced");

        // 100 of 399 calls for 126 of 500 tokens (rounded up); the rest, 374, finds only 74 left after 300 were spent.
        Assert.Equal(["completed", "already_handled", "completed", "refunded", "refunded", "unknown_payment"], outcomes);
        Assert.Equal(374, afterPartial);
        Assert.Equal(0, (await tokens.GetBalanceAsync()).Tokens);
        Assert.Equal(("refunded", 200, 399), (view.GetProperty("status").GetString(), view.GetProperty("tokensTakenBack").GetInt32(), view.GetProperty("refundedMinor").GetInt32()));
        Assert.Equal(["pending", "completed", "completed", "refunded"], view.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Contains("100 of 399", view.GetProperty("history")[2].GetProperty("detail").GetString());
        Assert.Equal("-126,-74", await cluster.ScalarAsync($"SELECT string_agg(amount::text, ',' ORDER BY entry_no) FROM token_ledger WHERE user_id = '{user}' AND kind = 'refund'"));
        Assert.Equal("2", await cluster.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'purchase.refunded' AND detail->>'purchase' = '{purchaseId}'"));
        var announced = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal([(100, 126), (399, 74)], announced.Select(e => (e.GetProperty("data").GetProperty("refundedMinor").GetInt32(), e.GetProperty("data").GetProperty("tokensTakenBack").GetInt32())).Order());
        Assert.All(announced, e => Assert.Equal("purchase.refunded", e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_dispute_holds_the_disputed_tokens_and_releases_them_if_won_or_keeps_them_if_lost()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var tokens = client.Client.GetGrain<ITokenAccountGrain>(user);
        var (won, wonPayment) = await BuyPaidAsync(api.Http, user, "popular", "dispute-1", 399);
        var (lost, lostPayment) = await BuyPaidAsync(api.Http, user, "starter", "dispute-2", 99);
        var (late, latePayment) = await BuyPaidAsync(api.Http, user, "starter", "dispute-3", 99);
        async Task<long> BalanceAsync() => (await tokens.GetBalanceAsync()).Tokens;

        var opened = FakeStripe.DisputeEvent("evt_dp_1", "charge.dispute.created", "dp_1", wonPayment, 399, "needs_response");
        var outcomes = new List<string> { await SendAsync(api.Http, opened), await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_1b", "charge.dispute.created", "dp_1", wonPayment, 399, "needs_response")) };
        var whileDisputed = await BalanceAsync();
        outcomes.Add(await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_2", "charge.dispute.closed", "dp_1", wonPayment, 399, "won")));
        var afterWon = await BalanceAsync();
        outcomes.Add(await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_3", "charge.dispute.created", "dp_2", lostPayment, 99, "needs_response")));
        outcomes.Add(await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_4", "charge.dispute.closed", "dp_2", lostPayment, 99, "lost")));
        // Closed before its opening was heard: held and kept at once; the opening, late, changes nothing.
        outcomes.Add(await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_6", "charge.dispute.closed", "dp_3", latePayment, 99, "lost")));
        outcomes.Add(await SendAsync(api.Http, FakeStripe.DisputeEvent("evt_dp_5", "charge.dispute.created", "dp_3", latePayment, 99, "needs_response")));
        var (_, wonView) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{won}", PlayerTokens.For(user));
        var (_, lostView) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{lost}", PlayerTokens.For(user));

        Assert.Equal(["disputed", "disputed", "completed", "disputed", "refunded", "refunded", "refunded"], outcomes);
        Assert.Equal((700 - 500, 700), (whileDisputed, afterWon));
        Assert.Equal(700 - 100 - 100, await BalanceAsync());
        Assert.Equal(["pending", "completed", "disputed", "completed"], wonView.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal((0, 0), (wonView.GetProperty("tokensHeld").GetInt32(), wonView.GetProperty("tokensTakenBack").GetInt32()));
        Assert.Equal(("refunded", 100), (lostView.GetProperty("status").GetString(), lostView.GetProperty("tokensTakenBack").GetInt32()));
        Assert.Equal("-500,500,-100,-100", await cluster.ScalarAsync($"SELECT string_agg(amount::text, ',' ORDER BY entry_no) FROM token_ledger WHERE user_id = '{user}' AND kind = 'dispute'"));
        Assert.Equal(("completed", "refunded", "refunded"), (await cluster.ScalarAsync($"SELECT status FROM purchases WHERE purchase_id = '{won}'"),
            await cluster.ScalarAsync($"SELECT status FROM purchases WHERE purchase_id = '{lost}'"), await cluster.ScalarAsync($"SELECT status FROM purchases WHERE purchase_id = '{late}'")));
        Assert.Equal("purchase.dispute_lost,purchase.dispute_lost,purchase.dispute_won,purchase.disputed,purchase.disputed,purchase.disputed",
            await cluster.ScalarAsync($"SELECT string_agg(action, ',' ORDER BY action) FROM audit_log WHERE subject = '{user}' AND action LIKE 'purchase.disput%'"));
    }

    [Fact]
    public async Task Saved_methods_belong_to_one_Stripe_customer_and_pay_at_once_after_the_buyer_confirms_or_not_at_all()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        async Task<(HttpStatusCode Status, JsonElement Body)> SaveAsync(string type, string pm) =>
            await CallAsync(api.Http, HttpMethod.Post, "/api/v1/payment-methods", token, new { type, token = pm });
        async Task<JsonElement> BuyWithAsync(JsonElement method, string key) =>
            (await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular", paymentMethodId = method.GetProperty("id").GetString() }, key)).Body;

        var (visaStatus, visa) = await SaveAsync("card", "pm_card_visa");
        var (creditAsDebit, _) = await SaveAsync("debit", "pm_card_mastercard");
        var (_, debit) = await SaveAsync("debit", "pm_card_visa_debit");
        var (_, confirming) = await SaveAsync("card", "pm_card_threeDSecure2Required");
        var (_, declining) = await SaveAsync("card", "pm_card_chargeDeclined");
        var (unknown, _) = await SaveAsync("card", "pm_nope");
        var (declinedOnSave, _) = await SaveAsync("card", "pm_card_attachDeclined");

        var paid = await BuyWithAsync(visa, "saved-stripe-1");
        var waiting = await BuyWithAsync(confirming, "saved-stripe-2");
        var failed = await BuyWithAsync(declining, "saved-stripe-3");
        var waitingId = waiting.GetProperty("purchaseId").GetString()!;
        var intent = stripe.Intents.ToList()[1];
        var confirmed = FakeStripe.PaymentIntentEvent("evt_pi_1", "payment_intent.succeeded", "pi_test_000002", waitingId, "succeeded", 399);
        var confirmedOutcome = await SendAsync(api.Http, confirmed);
        var refund = await SendAsync(api.Http, FakeStripe.RefundEvent("evt_pi_refund", "pi_test_000001", 399, 399));
        var (removed, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/payment-methods/{visa.GetProperty("id").GetString()}", token);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity), (visaStatus, creditAsDebit, unknown, declinedOnSave));
        Assert.Equal(("visa", "4242", "12/2034"), (visa.GetProperty("brand").GetString(), visa.GetProperty("lastFour").GetString(), visa.GetProperty("expiry").GetString()));
        Assert.Equal(("debit", "5556"), (debit.GetProperty("type").GetString(), debit.GetProperty("lastFour").GetString()));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(DISTINCT customer_ref) FROM payment_methods WHERE user_id = '{user}'"));
        Assert.Equal(("completed", JsonValueKind.Null), (paid.GetProperty("status").GetString(), paid.GetProperty("checkoutUrl").ValueKind));
        Assert.Equal(("pending", "https://hooks.stripe.test/3d_secure/pi_test_000002"), (waiting.GetProperty("status").GetString(), waiting.GetProperty("checkoutUrl").GetString()));
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("insufficient_funds", failed.GetProperty("failureReason").GetString());
        Assert.Equal(("pm_card_threeDSecure2Required", "true", waitingId, "399"), (intent["payment_method"], intent["confirm"], intent["metadata[faucet_purchase]"], intent["amount"]));
        Assert.Equal(("completed", "refunded"), (confirmedOutcome, refund));
        // 500 and 500 bought, the first refunded in full.
        Assert.Equal(500, (await client.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.DoesNotContain("pm_card_visa", stripe.Attached.Keys);
    }

    [Fact]
    public async Task A_method_added_on_Stripes_own_page_is_saved_once_when_Stripe_tells_of_it_and_then_pays()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        async Task<(HttpStatusCode Status, JsonElement Body)> OpenAsync(object body) =>
            await CallAsync(api.Http, HttpMethod.Post, "/api/v1/payment-methods/setup", token, body);
        static string SessionOf(JsonElement page) => page.GetProperty("url").GetString()!.Split('/')[^1];

        // The player has no method yet: the page is for a Customer made for it, which the next page uses too.
        var (opened, cardPage) = await OpenAsync(new { type = "card", isDefault = true });
        var customer = await cluster.ScalarAsync($"SELECT customer_ref FROM payment_customers WHERE user_id = '{user}' AND provider = 'stripe'");
        var (_, debitPage) = await OpenAsync(new { type = "debit" });
        var (badType, badTypeProblem) = await OpenAsync(new { type = "crypto" });
        var (cardSession, debitSession) = (SessionOf(cardPage), SessionOf(debitPage));
        var cardForm = stripe.SetupSessions[cardSession].Form;
        var (_, beforeFinished) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", token);

        // Stripe's first read of the SetupIntent fails three times (its client retries twice): the delivery is to be
        // made again, and nothing is recorded or saved until it is.
        var finished = stripe.FinishSetup("evt_setup_card", cardSession, "pm_card_visa__setup");
        stripe.FailSetupIntentReads(3);
        var (unanswered, _) = await DeliverAsync(api.Http, finished, FakeStripe.Sign(finished, DateTimeOffset.UtcNow));
        var (_, whileUnanswered) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", token);
        var outcomes = new[] { await SendAsync(api.Http, finished), await SendAsync(api.Http, finished) };
        // The same session told of under another event: the same method, kept once.
        var retold = await SendAsync(api.Http, stripe.FinishSetup("evt_setup_card_again", cardSession, "pm_card_visa__setup"));
        // The same card set up again on another page asked for a debit card: a credit card is refused and forgotten there.
        var notDebit = await SendAsync(api.Http, stripe.FinishSetup("evt_setup_debit", debitSession, "pm_card_mastercard__setup"));
        var (_, listed) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", token);
        var method = listed[0];
        var (_, bought) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token,
            new { packageId = "popular", paymentMethodId = method.GetProperty("id").GetString() }, "setup-bought");
        var intent = stripe.Intents.Last();

        Assert.Equal(HttpStatusCode.OK, opened);
        Assert.StartsWith("https://checkout.stripe.test/", cardPage.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(("setup", customer, "card", user, "card", "true"), (cardForm["mode"], cardForm["customer"], cardForm["allowed_payment_method_types[0]"],
            cardForm["metadata[faucet_user]"], cardForm["metadata[faucet_method_type]"], cardForm["metadata[faucet_default]"]));
        Assert.Equal(customer, stripe.SetupSessions[debitSession].Form["customer"]);
        Assert.EndsWith("/?payment-method=saved", cardForm["success_url"], StringComparison.Ordinal);
        Assert.EndsWith("/?payment-method=cancelled", cardForm["cancel_url"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badType);
        Assert.Contains("type", badTypeProblem.GetProperty("detail").GetString());
        Assert.Equal(0, beforeFinished.GetArrayLength());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unanswered);
        Assert.Equal(0, whileUnanswered.GetArrayLength());
        Assert.Equal(["method_saved", "already_handled"], outcomes);
        Assert.Equal(("method_already_saved", "method_refused"), (retold, notDebit));
        Assert.Equal(1, listed.GetArrayLength());
        Assert.Equal(("card", "visa", "4242", true), (method.GetProperty("type").GetString(), method.GetProperty("brand").GetString(),
            method.GetProperty("lastFour").GetString(), method.GetProperty("isDefault").GetBoolean()));
        Assert.Equal(customer, await cluster.ScalarAsync($"SELECT customer_ref FROM payment_methods WHERE user_id = '{user}'"));
        Assert.DoesNotContain("pm_card_mastercard__setup", stripe.Attached.Keys);
        Assert.Equal("completed", bought.GetProperty("status").GetString());
        Assert.Equal(("pm_card_visa__setup", customer), (intent["payment_method"], intent["customer"]));
    }
}
