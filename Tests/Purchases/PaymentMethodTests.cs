using System.Net;
using System.Text.Json;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Tokens;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Purchases;

/// <summary>Saved payment methods through the Api, with the simulated provider's test tokens, on a running silo and
/// PostgreSQL: a player's own, one default, the same method once, a card number never taken, and a purchase paid with one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PaymentMethodTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 100");
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static Task<(HttpStatusCode Status, JsonElement Body)> SaveAsync(HttpClient http, string token, object body) =>
        CallAsync(http, HttpMethod.Post, "/api/v1/payment-methods", token, body);

    private static string[] Ids(JsonElement list) => [.. list.EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];

    [Fact]
    public async Task A_players_saved_methods_are_their_own_with_one_default_and_one_of_them_pays_for_a_purchase()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var (owner, other) = (await Rounds.PlayerAsync(client.Client, kills: 0), await Rounds.PlayerAsync(client.Client, kills: 0));
        var (token, otherToken) = (PlayerTokens.For(owner), PlayerTokens.For(other));

        var (visaStatus, visa) = await SaveAsync(api.Http, token, new { type = "card", token = "tok_visa_4242" });
        var (paypalStatus, paypal) = await SaveAsync(api.Http, token, new { type = "paypal", token = "tok_paypal", isDefault = false });
        var (againStatus, again) = await SaveAsync(api.Http, token, new { type = "card", token = "tok_visa_4242", isDefault = true });
        var (_, debit) = await SaveAsync(api.Http, token, new { type = "debit", token = "tok_mastercard_debit_5556", isDefault = true });
        var (visaId, paypalId, debitId) = (visa.GetProperty("id").GetString()!, paypal.GetProperty("id").GetString()!, debit.GetProperty("id").GetString()!);
        var (_, listed) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", token);
        var (_, othersList) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", otherToken);
        var (othersDelete, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/payment-methods/{visaId}", otherToken);
        var (othersDefault, _) = await CallAsync(api.Http, HttpMethod.Put, $"/api/v1/payment-methods/{visaId}/default", otherToken);
        var (defaultStatus, _) = await CallAsync(api.Http, HttpMethod.Put, $"/api/v1/payment-methods/{paypalId}/default", token);
        var (removeStatus, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/payment-methods/{paypalId}", token);
        var (removedAgain, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/payment-methods/{paypalId}", token);
        var (_, afterRemove) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/payment-methods", token);

        var (bought, purchase) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter", paymentMethodId = visaId }, "saved-1");
        var (repeated, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter", paymentMethodId = visaId }, "saved-1");
        var (notTheirs, notTheirsProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", otherToken, new { packageId = "starter", paymentMethodId = visaId }, "saved-2");
        var (both, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter", method = "card", paymentMethodId = visaId }, "saved-3");
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        await Eventually.HoldsAsync(async () => (await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{purchaseId}", token)).Body.GetProperty("status").GetString() == "completed",
            Patience, "the purchase paid with the saved card completes");
        var (_, completed) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{purchaseId}", token);
        // The simulated provider has no page of its own to add a method on.
        var (noPage, noPageProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/payment-methods/setup", token, new { type = "card" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict), (visaStatus, paypalStatus, againStatus));
        Assert.Equal(("card", "visa", "4242", "12/2034", true), (visa.GetProperty("type").GetString(), visa.GetProperty("brand").GetString(),
            visa.GetProperty("lastFour").GetString(), visa.GetProperty("expiry").GetString(), visa.GetProperty("isDefault").GetBoolean()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, false), (paypal.GetProperty("lastFour").ValueKind, paypal.GetProperty("expiry").ValueKind, paypal.GetProperty("isDefault").GetBoolean()));
        Assert.Contains(visaId, again.GetProperty("detail").GetString());
        Assert.Equal([debitId, paypalId, visaId], Ids(listed));
        Assert.Equal([true, false, false], listed.EnumerateArray().Select(m => m.GetProperty("isDefault").GetBoolean()));
        Assert.Empty(Ids(othersList));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (othersDelete, othersDefault));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound), (defaultStatus, removeStatus, removedAgain));
        // The default removed, the newest left becomes it.
        Assert.Equal([debitId, visaId], Ids(afterRemove));
        Assert.True(afterRemove[0].GetProperty("isDefault").GetBoolean());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (bought, repeated, notTheirs, both));
        Assert.Contains("paymentMethodId", notTheirsProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotImplemented, noPage);
        Assert.Contains("POST /api/v1/payment-methods", noPageProblem.GetProperty("detail").GetString());
        Assert.Equal(("card", "completed"), (completed.GetProperty("method").GetString(), completed.GetProperty("status").GetString()));
        Assert.Contains("saved visa card ending 4242", completed.GetProperty("history")[0].GetProperty("detail").GetString());
        Assert.Equal(100, (await client.Client.GetGrain<ITokenAccountGrain>(owner).GetBalanceAsync()).Tokens);
        Assert.Equal("2,1", await cluster.ScalarAsync($"SELECT count(*) FILTER (WHERE removed_at IS NULL) || ',' || count(*) FILTER (WHERE removed_at IS NOT NULL) FROM payment_methods WHERE user_id = '{owner}'"));
        Assert.Equal(debitId, await cluster.ScalarAsync($"SELECT method_id FROM payment_methods WHERE user_id = '{owner}' AND is_default"));
    }

    [Fact]
    public async Task A_card_number_a_bad_token_or_a_declined_card_gets_a_clear_4xx_saves_nothing_and_ten_tries_a_minute_is_the_most()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var token = PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0));
        var hammering = PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0));

        var refused = new List<(HttpStatusCode Status, string Title)>();
        foreach (var body in new object[]
                 {
                     new { type = "card", token = "4242 4242 4242 4242" },
                     new { type = "card", token = "4242424242424242" },
                     new { type = "card", token = "tok_4242-4242-4242-4242" },
                     new { type = "card", token = "tok_nope" },
                     new { type = "card", token = "tok_paypal" },
                     new { type = "card", token = "tok chargeDeclined" },
                     new { type = "bank", token = "tok_visa_4242" },
                     new { type = "card" },
                     new { type = "card", token = "tok_visa_4242", isDefault = "yes" },
                     new { type = "card", token = "tok_chargeDeclined" },
                 })
        {
            var (status, problem) = await SaveAsync(api.Http, token, body);
            refused.Add((status, problem.GetProperty("title").GetString()!));
        }
        var tries = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            tries.Add((await SaveAsync(api.Http, hammering, new { type = "card", token = $"tok_unknown_{i}" })).Status);
        }
        using var eleventh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payment-methods")
        {
            Headers = { Authorization = new("Bearer", hammering) },
            Content = System.Net.Http.Json.JsonContent.Create(new { type = "card", token = "tok_visa_4242" }),
        };
        using var limited = await api.Http.SendAsync(eleventh);

        Assert.Equal(
        [
            (HttpStatusCode.BadRequest, "Card number refused"), (HttpStatusCode.BadRequest, "Card number refused"), (HttpStatusCode.BadRequest, "Card number refused"),
            (HttpStatusCode.BadRequest, "Invalid token"), (HttpStatusCode.BadRequest, "Invalid token"), (HttpStatusCode.BadRequest, "Invalid token"),
            (HttpStatusCode.BadRequest, "Invalid type"), (HttpStatusCode.BadRequest, "Invalid token"), (HttpStatusCode.BadRequest, "Invalid JSON"),
            (HttpStatusCode.UnprocessableEntity, "Declined"),
        ], refused);
        Assert.All(tries, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM payment_methods"));
    }
}
