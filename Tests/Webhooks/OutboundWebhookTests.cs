using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Api;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Webhooks;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Webhooks;

/// <summary>Outbound webhooks to a fake operator endpoint that checks Standard Webhooks signatures: a test event, a
/// purchase's event retried after a failure under the same id, and an endpoint that answers 410 disabled.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboundWebhookTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Events = ["purchase.completed", "user.banned"];
    private static readonly string[] RoundEvents = ["payout.sent", "round.completed"];

    private LiveNodeCluster cluster = null!;
    private FakeWebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        receiver = await FakeWebhookReceiver.StartAsync();
        cluster.Config.SetLine("integrations.yaml", "simulated_delay_ms", "simulated_delay_ms: 50");
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await cluster.DisposeAsync();
    }

    private async Task<string> AddEndpointAsync(HttpClient http)
    {
        var (status, added) = await CallAsync(http, HttpMethod.Post, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken, new { url = receiver.Url, events = Events });
        Assert.Equal(HttpStatusCode.Created, status);
        receiver.Secret = added.GetProperty("secret").GetString()!;
        return added.GetProperty("endpointId").GetString()!;
    }

    [Fact]
    public async Task Events_arrive_signed_and_one_that_failed_is_sent_again_under_the_same_id()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var endpoint = await AddEndpointAsync(api.Http);
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var (testStatus, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/webhooks/{endpoint}/test", FaucetProcessArgs.OperatorToken);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 1), Patience, "the test event arrives");
        receiver.AnswerNext(500);
        await CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", PlayerTokens.For(user), new { packageId = "starter" }, "buy-1");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 2), Patience, "the purchase event arrives and fails");
        // Published while the purchase's event waits for its retry: it waits behind it.
        await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/webhooks/{endpoint}/test", FaucetProcessArgs.OperatorToken);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 4), Patience, "the purchase event arrives again, then the second test");
        var (_, deliveries) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/admin/webhooks/{endpoint}/deliveries", FaucetProcessArgs.OperatorToken);
        var (_, list) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken);

        var requests = receiver.Requests.ToList();
        Assert.Equal(HttpStatusCode.Accepted, testStatus);
        Assert.All(requests, r => Assert.True(r.SignatureValid, r.Body));
        Assert.Equal("webhook.test", JsonDocument.Parse(requests[0].Body).RootElement.GetProperty("type").GetString());
        Assert.Equal((500, 200), (requests[1].Answered, requests[2].Answered));
        Assert.Equal(requests[1].MessageId, requests[2].MessageId);
        Assert.Equal("webhook.test", JsonDocument.Parse(requests[3].Body).RootElement.GetProperty("type").GetString());
        var purchase = JsonDocument.Parse(requests[2].Body).RootElement;
        Assert.Equal(("purchase.completed", 100), (purchase.GetProperty("type").GetString(), purchase.GetProperty("data").GetProperty("tokens").GetInt32()));
        var latest = deliveries.GetProperty("items")[1];
        Assert.Equal(("delivered", 2, 200), (latest.GetProperty("status").GetString(), latest.GetProperty("attempts").GetInt32(), latest.GetProperty("lastStatus").GetInt32()));
        Assert.Equal(3, list[0].GetProperty("delivered").GetInt32());
        Assert.DoesNotContain(receiver.Secret, list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_grains_add_and_test_an_endpoint_and_audit_both_under_the_operator_with_no_Api_in_between()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var client = await cluster.StartClientAsync();

        var added = await client.Client.GetGrain<IWebhookRegistryGrain>(0).AddAsync(new WebhookEndpointAsk(receiver.Url, Events, "admin:alice"));
        receiver.Secret = added.Secret;
        var messageId = await client.Client.GetGrain<IWebhookEndpointGrain>(added.EndpointId).SendTestAsync("admin:bob");
        var unknown = await client.Client.GetGrain<IWebhookEndpointGrain>("wh_nobody").SendTestAsync("admin:bob");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 1), Patience, "the test event arrives");

        var request = Assert.Single(receiver.Requests);
        Assert.True(WebhookSignature.KeyOf(added.Secret) is not null && added.Secret.StartsWith(WebhookSignature.Prefix, StringComparison.Ordinal));
        Assert.True(request.SignatureValid, request.Body);
        Assert.Equal((messageId, (string?)null), (request.MessageId, unknown));
        Assert.Equal("admin:alice webhook.added,admin:bob webhook.tested", await cluster.ScalarAsync(
            $"SELECT string_agg(actor || ' ' || action, ',' ORDER BY id) FROM audit_log WHERE subject = '{added.EndpointId}'"));
        Assert.Equal(string.Join(",", Events), await cluster.ScalarAsync($"SELECT array_to_string(events, ',') FROM webhook_endpoints WHERE endpoint_id = '{added.EndpointId}'"));
    }

    [Fact]
    public async Task An_event_reaches_the_endpoint_within_two_seconds_and_a_refused_one_comes_again_about_five_seconds_later_with_no_reminder_due()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true, reminderPeriod: TimeSpan.FromMinutes(10));
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        var endpoint = await AddEndpointAsync(api.Http);
        receiver.AnswerNext(500);

        var (status, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/webhooks/{endpoint}/test", FaucetProcessArgs.OperatorToken);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 1), TimeSpan.FromSeconds(2), "the event arrives");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 2), TimeSpan.FromSeconds(15), "the event arrives again after its first retry delay");

        var requests = receiver.Requests.ToList();
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal((500, 200), (requests[0].Answered, requests[1].Answered));
        Assert.Equal(requests[0].MessageId, requests[1].MessageId);
        Assert.InRange((requests[1].At - requests[0].At).TotalSeconds, 4.5, 9);
    }

    [Fact]
    public async Task An_endpoint_that_answers_410_is_disabled_and_gets_nothing_more()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var endpoint = await AddEndpointAsync(api.Http);
        var first = await Rounds.PlayerAsync(client.Client, kills: 0);
        var second = await Rounds.PlayerAsync(client.Client, kills: 0);
        receiver.AnswerNext(410);

        await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/users/{first}/ban", FaucetProcessArgs.OperatorToken, new { reason = "one" });
        await Eventually.HoldsAsync(async () => !(await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken)).Body[0].GetProperty("enabled").GetBoolean(),
            Patience, "the endpoint is disabled");
        await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/users/{second}/ban", FaucetProcessArgs.OperatorToken, new { reason = "two" });
        var (testStatus, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/webhooks/{endpoint}/test", FaucetProcessArgs.OperatorToken);
        var (_, list) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken);

        var only = Assert.Single(receiver.Requests);
        Assert.Equal(("user.banned", 410), (JsonDocument.Parse(only.Body).RootElement.GetProperty("type").GetString(), only.Answered));
        Assert.Equal(HttpStatusCode.NotFound, testStatus);
        Assert.Equal("the endpoint answered 410 Gone", list[0].GetProperty("disabledReason").GetString());
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"));
        // The second ban made no delivery at all, not just none yet.
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM webhook_deliveries"));
    }

    [Fact]
    public async Task A_rounds_payouts_and_its_end_reach_the_endpoints_that_want_them()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var (status, added) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken,
            new { url = receiver.Url, events = RoundEvents });
        receiver.Secret = added.GetProperty("secret").GetString()!;
        var players = new[] { await Rounds.PlayerAsync(client.Client, kills: 1), await Rounds.PlayerAsync(client.Client, kills: 2) };

        var round = await Rounds.RunAsync(client.Client);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 3), Patience, "two payouts and the round's end arrive");

        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(["payout.sent", "payout.sent", "round.completed"], bodies.Select(b => b.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(players.Order(StringComparer.Ordinal), bodies.Where(b => b.GetProperty("type").GetString() == "payout.sent")
            .Select(b => b.GetProperty("data").GetProperty("userId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(round.Number, bodies.Single(b => b.GetProperty("type").GetString() == "round.completed").GetProperty("data").GetProperty("round").GetInt64());
    }
}
