using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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

/// <summary>Token purchases through the Api with the simulated payment provider on a running silo: the status machine,
/// the exactly-once credit, the failures by amount, cancellation and refunds that take back unspent tokens. The Api runs
/// as a dry run: outside one, the simulated provider sells nothing (a test below shows the 503).</summary>
[Collection(PostgresCollection.Name)]
public sealed class SimulatedPurchaseTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 100");
        // Packages whose prices end in 01 to 04 cents, which the simulated provider always refuses.
        cluster.Config.Replace("product.yaml", "  - {id: whale, name: Whale, tokens: 10000, price_minor: 4999, currency: USD}\n", """
              - {id: whale, name: Whale, tokens: 10000, price_minor: 4999, currency: USD}
              - {id: poor, name: Poor, tokens: 10, price_minor: 1001, currency: USD}
              - {id: declined, name: Declined, tokens: 10, price_minor: 1002, currency: USD}
              - {id: offline, name: Offline, tokens: 10, price_minor: 1003, currency: USD}
              - {id: invalid, name: Invalid, tokens: 10, price_minor: 1004, currency: USD}

            """);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<JsonElement> SettledAsync(HttpClient http, string id, string token)
    {
        var purchase = default(JsonElement);
        await Eventually.HoldsAsync(async () =>
        {
            (_, purchase) = await CallAsync(http, HttpMethod.Get, $"/api/v1/purchases/{id}", token);
            return purchase.GetProperty("status").GetString() is "completed" or "failed";
        }, Patience, $"purchase {id} settles");
        return purchase;
    }

    [Fact]
    public async Task A_paid_purchase_goes_pending_processing_completed_and_credits_its_package_once()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);

        var (created, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular", method = "paypal" }, "buy-1");
        var (repeated, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular", method = "paypal" }, "buy-1");
        var (reused, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "whale", method = "paypal" }, "buy-1");
        var id = purchase.GetProperty("purchaseId").GetString()!;
        var settled = await SettledAsync(api.Http, id, token);
        var (again, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "popular", method = "paypal" }, "buy-1");
        var (_, list) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/purchases", token);
        var (strangerStatus, _) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{id}", PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0)));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.OK), (created, repeated, reused, again));
        Assert.Equal(["pending", "processing", "completed"], settled.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal((500L, 399L, "USD"), (settled.GetProperty("tokens").GetInt64(), settled.GetProperty("amountMinor").GetInt64(), settled.GetProperty("currency").GetString()));
        Assert.Equal(500, (await client.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'purchase'"));
        Assert.Equal("completed", list.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, strangerStatus);
    }

    [Theory]
    [InlineData("poor", "insufficient funds")]
    [InlineData("declined", "card declined")]
    [InlineData("offline", "network error")]
    [InlineData("invalid", "invalid payment method")]
    public async Task An_amount_ending_in_01_to_04_cents_fails_with_its_reason_and_credits_nothing(string package, string reason)
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);

        var (_, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = package, method = "debit" }, "buy");
        var settled = await SettledAsync(api.Http, purchase.GetProperty("purchaseId").GetString()!, token);

        Assert.Equal(("failed", reason), (settled.GetProperty("status").GetString(), settled.GetProperty("failureReason").GetString()));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM token_ledger"));
    }

    [Fact]
    public async Task A_refund_takes_back_the_unspent_tokens_once_and_only_an_admin_can_make_it()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        var account = client.Client.GetGrain<ITokenAccountGrain>(user);

        var (_, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter" }, "buy-1");
        var id = purchase.GetProperty("purchaseId").GetString()!;
        await SettledAsync(api.Http, id, token);
        await account.ApplyAsync(new TokenCommand("spend-1", TokenEntryKind.Job, -30, "a job"));
        var (playerRefund, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/purchases/{id}/refund", token, new { reason = "me" });
        var (refundStatus, refunded) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/purchases/{id}/refund", FaucetProcessArgs.OperatorToken, new { reason = "chargeback" });
        var (again, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/purchases/{id}/refund", FaucetProcessArgs.OperatorToken, new { reason = "chargeback" });

        Assert.Equal(HttpStatusCode.Forbidden, playerRefund);
        Assert.Equal((HttpStatusCode.OK, "refunded", 70L), (refundStatus, refunded.GetProperty("status").GetString(), refunded.GetProperty("tokensTakenBack").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(0, (await account.GetBalanceAsync()).Tokens);
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'purchase.refunded'"));
        Assert.Equal("-70", await cluster.ScalarAsync($"SELECT sum(amount) FROM token_ledger WHERE user_id = '{user}' AND kind = 'refund'"));
    }

    [Fact]
    public async Task The_purchase_grain_refuses_a_method_it_does_not_offer_and_audits_a_refund_once_under_the_operator_who_made_it()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var cash = await client.Client.GetGrain<IPurchaseGrain>("grain-cash").CreateAsync(new PurchaseOrder(user, "popular", "cash"));
        var grain = client.Client.GetGrain<IPurchaseGrain>("grain-refund");
        await grain.CreateAsync(new PurchaseOrder(user, "popular", "card"));
        await Eventually.HoldsAsync(async () => (await grain.GetAsync(null))!.Status == PurchaseStatus.Completed, Patience, "the purchase completes");

        var refund = await grain.RefundAsync("chargeback", "admin:alice");
        var again = await grain.RefundAsync("chargeback", "admin:bob");

        Assert.Equal((PurchaseCreationStatus.MethodNotOffered, null), (cash.Status, cash.Purchase));
        Assert.Equal(["card", "debit", "paypal"], cash.OfferedMethods!);
        Assert.Null(await client.Client.GetGrain<IPurchaseGrain>("grain-cash").GetAsync(null));
        Assert.Equal((PurchaseRefundDecision.Refunded, PurchaseRefundDecision.AlreadyRefunded), (refund!.Decision, again!.Decision));
        Assert.Equal("admin:alice", await cluster.ScalarAsync(
            $"SELECT string_agg(actor, ',') FROM audit_log WHERE action = 'purchase.refunded' AND subject = '{user}' AND detail->>'purchase' = 'grain-refund'"));
    }

    [Fact]
    public async Task A_pending_purchase_can_be_cancelled_by_its_buyer_and_one_being_processed_cannot()
    {
        // Slow steps, so that the purchase is surely still pending when it is cancelled.
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 3000");
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);

        var (_, pending) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter" }, "buy-1");
        var id = pending.GetProperty("purchaseId").GetString()!;
        var (strangerStatus, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/purchases/{id}", PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0)));
        var (cancelStatus, cancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/purchases/{id}", token);
        var (_, second) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter" }, "buy-2");
        var secondId = second.GetProperty("purchaseId").GetString()!;
        await Eventually.HoldsAsync(async () => (await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{secondId}", token)).Body.GetProperty("status").GetString() == "processing",
            Patience, "the second purchase is being processed");
        var (lateStatus, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/purchases/{secondId}", token);

        Assert.Equal(HttpStatusCode.NotFound, strangerStatus);
        Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancelStatus, cancelled.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, lateStatus);
        Assert.Equal("cancelled", await cluster.ScalarAsync($"SELECT status FROM purchases WHERE purchase_id = '{id}'"));
    }

    [Fact]
    public async Task A_simulated_purchase_stays_simulated_after_a_restart_into_stripe_mode()
    {
        // Steps too slow to be taken before the silo stops.
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 60000");
        var purchaseId = "made-before-stripe";
        string user;
        await using (var silo = await cluster.StartSiloAsync(dryRun: true))
        await using (var client = await cluster.StartClientAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, kills: 0);
            await client.Client.GetGrain<Faucet.Purchases.IPurchaseGrain>(purchaseId).CreateAsync(new Faucet.Purchases.PurchaseOrder(user, "starter", "card"));
        }
        await using var stripe = await FakeStripe.StartAsync();
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 100");
        cluster.Config.Replace("integrations.yaml", "  mode: ${FAUCET_STRIPE_MODE:-simulated} ", "  mode: live ");
        cluster.Config.SetLine("integrations.yaml", "secret_key", "secret_key: " + FakeStripe.SecretKey);
        cluster.Config.SetLine("integrations.yaml", "webhook_secret", "webhook_secret: " + FakeStripe.WebhookSecret);
        cluster.Config.Replace("integrations.yaml", "  api_base: \"\"                    # empty: Stripe itself", "  api_base: " + stripe.Url);
        await using var restarted = await cluster.StartSiloAsync(dryRun: true);
        await using var again = await cluster.StartClientAsync();
        var purchase = again.Client.GetGrain<Faucet.Purchases.IPurchaseGrain>(purchaseId);

        await Eventually.HoldsAsync(async () => (await purchase.GetAsync(null))!.Status == Faucet.Purchases.PurchaseStatus.Completed, Patience, "the simulated provider completes it");
        var settled = (await purchase.GetAsync(null))!;

        Assert.Equal(("simulated", "card", null), (settled.Provider, settled.Method, settled.CheckoutUrl));
        Assert.Equal([Faucet.Purchases.PurchaseStatus.Pending, Faucet.Purchases.PurchaseStatus.Processing, Faucet.Purchases.PurchaseStatus.Completed],
            settled.History.Select(s => s.Status));
        Assert.Empty(stripe.Created);
        Assert.Equal(100, (await again.Client.GetGrain<ITokenAccountGrain>(user).GetBalanceAsync()).Tokens);
    }

    [Fact]
    public async Task Outside_a_dry_run_the_simulated_provider_sells_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var (status, problem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", PlayerTokens.For(user), new { packageId = "starter" }, "buy");

        // And a purchase that reaches the silo anyway (say, started in a dry run that has since ended) fails there.
        var purchase = client.Client.GetGrain<Faucet.Purchases.IPurchaseGrain>("straggler");
        await purchase.CreateAsync(new Faucet.Purchases.PurchaseOrder(user, "starter", "card"));
        await Eventually.HoldsAsync(async () => (await purchase.GetAsync(null))!.Status == Faucet.Purchases.PurchaseStatus.Failed, Patience, "the straggler fails");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Purchases are off"), (status, problem.GetProperty("title").GetString()));
        Assert.Equal("the simulated provider sells nothing outside a dry run", (await purchase.GetAsync(null))!.FailureReason);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM token_ledger"));
    }
}
