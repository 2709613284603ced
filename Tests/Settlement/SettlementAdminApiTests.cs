using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Infrastructure;
using Faucet.Payouts;
using Faucet.Tests.Fakes;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Settlement;

/// <summary>The operator's settlement endpoints on a running silo and Api.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementAdminApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static HttpRequestMessage Operator(HttpMethod method, string path) => new(method, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
    };

    [Fact]
    public async Task An_operator_runs_a_round_watches_it_finish_and_the_run_is_audited()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = UserId.New(TimeProvider.System).Value;
        await client.Client.GetGrain<IPlayerGrain>(user).CreateAsync("P", IdentityKey.Parse($"email:{user}@example.org"));
        await client.Client.GetGrain<IPlayerGrain>(user).LinkWalletAsync(BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3"));
        await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(2);

        using var run = await api.Http.SendAsync(Operator(HttpMethod.Post, "/api/v1/admin/settlement/run"));
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var number = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64();
        Assert.Equal($"/api/v1/admin/rounds/{number}", run.Headers.Location?.OriginalString);

        JsonElement round = default;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await api.Http.SendAsync(Operator(HttpMethod.Get, $"/api/v1/admin/rounds/{number}"));
            round = await response.Content.ReadFromJsonAsync<JsonElement>();
            return round.GetProperty("status").GetString() == "done";
        }, Patience, "the round is done");
        Assert.Equal("4.2", round.GetProperty("total").GetString());
        Assert.Equal(1, round.GetProperty("payoutsStarted").GetInt32());

        using var overview = await api.Http.SendAsync(Operator(HttpMethod.Get, "/api/v1/admin/settlement"));
        Assert.Equal(number, (await overview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastRound").GetProperty("number").GetInt64());
        Assert.Equal($"settlement.run round:{number}", await cluster.ScalarAsync("SELECT action || ' ' || subject FROM audit_log WHERE action LIKE 'settlement.%'"));
    }

    [Fact]
    public async Task The_overview_shows_each_source_account_and_a_paying_round_its_progress_and_estimated_end()
    {
        var accounts = cluster.UseSourceAccounts(2);
        cluster.Node.Receivable[accounts[1]] = BanAmount.Parse("12.5").Raw;
        // A node's pace and small batches: the round is seen paying, a batch or more done.
        cluster.Node.SendTime = TimeSpan.FromMilliseconds(150);
        await using var silo = await cluster.StartSiloAsync(extra: ["--Faucet:Settlement:PlayersPerBatch=4"]);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Rounds.PlayerAsync(client.Client, 1)));

        using (var run = await api.Http.SendAsync(Operator(HttpMethod.Post, "/api/v1/admin/settlement/run")))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }
        JsonElement overview = default;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await api.Http.SendAsync(Operator(HttpMethod.Get, "/api/v1/admin/settlement"));
            overview = await response.Content.ReadFromJsonAsync<JsonElement>();
            var round = overview.GetProperty("lastRound");
            return round.GetProperty("status").GetString() == "paying" && round.GetProperty("cursor").GetInt32() > 0
                && overview.GetProperty("accounts").EnumerateArray().Any(a => a.GetProperty("sendsInFlight").GetInt32() == 1);
        }, Patience, "the round is seen paying, a send in flight");

        var last = overview.GetProperty("lastRound");
        Assert.True(last.GetProperty("estimatedEndAt").GetDateTimeOffset() > last.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal("50", overview.GetProperty("floor").GetString());
        var shown = overview.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(accounts, shown.Select(a => a.GetProperty("address").GetString()));
        Assert.Equal(["0", "12.5"], shown.Select(a => a.GetProperty("receivable").GetString()));
        Assert.All(shown, a => Assert.Equal(JsonValueKind.String, a.GetProperty("balance").ValueKind));
        await Rounds.FinishedAsync(client.Client, last.GetProperty("number").GetInt64());
    }

    [Fact]
    public async Task Retrying_a_sent_payout_answers_already_sent_with_its_block_and_sends_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 1);
        var round = await Rounds.RunAsync(client.Client);
        var id = PayoutRequest.IdFor(await cluster.LedgerAsync(), round.Number, user);
        var requestsBefore = cluster.Node.Requests;

        using var retry = await api.Http.SendAsync(Operator(HttpMethod.Post, $"/api/v1/admin/payouts/{id}/retry"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("already_sent", body.GetProperty("result").GetString());
        Assert.Equal(cluster.Node.Sends[id].Block, body.GetProperty("payout").GetProperty("block").GetString());
        Assert.Equal(requestsBefore, cluster.Node.Requests);
        Assert.Equal($"payout.retry payout:{id}", await cluster.ScalarAsync("SELECT action || ' ' || subject FROM audit_log WHERE action LIKE 'payout.%'"));
    }

    [Fact]
    public async Task Retrying_a_failed_payout_is_a_conflict_that_sends_nothing()
    {
        cluster.Node.InjectOnSend(Enumerable.Range(0, 3).Select(_ => (FakeBananoNode.Fault)new FakeBananoNode.Fault.NodeError("Bad destination")).ToArray());
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 1);
        var id = PayoutRequest.IdFor(await cluster.LedgerAsync(), (await Rounds.RunAsync(client.Client)).Number, user);
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IPayoutGrain>(id).GetAsync())!.Status == PayoutStatus.Failed,
            Patience, "the payout fails after its attempts");
        var requestsBefore = cluster.Node.Requests;

        using var retry = await api.Http.SendAsync(Operator(HttpMethod.Post, $"/api/v1/admin/payouts/{id}/retry"));

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Failed", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(requestsBefore, cluster.Node.Requests);
        Assert.Empty(cluster.Node.Sends);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'payout.%'"));
    }

    [Theory]
    [InlineData("GET", "/api/v1/admin/rounds/0", 404)]
    [InlineData("GET", "/api/v1/admin/rounds/99", 404)]
    [InlineData("GET", "/api/v1/admin/rounds/-3", 404)]
    [InlineData("POST", "/api/v1/admin/payouts/no-such-payout/retry", 404)]
    public async Task Unknown_rounds_and_payouts_are_problem_details_and_change_nothing(string method, string path, int status)
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        using var response = await api.Http.SendAsync(Operator(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'payout.%'"));
        Assert.Equal(0, cluster.Node.Requests);
    }

    [Fact]
    public async Task The_admin_endpoints_need_the_operator_credential()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        using var run = await api.Http.PostAsync(new Uri("/api/v1/admin/settlement/run", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'payout.%'"));
    }
}
