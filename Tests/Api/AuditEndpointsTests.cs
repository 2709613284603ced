using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Api;

/// <summary>The audit log as operators read it through the Api.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditEndpointsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) } };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Operators_read_the_audit_log_newest_first_filtered_and_a_page_at_a_time()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await SendAsync(api.Http, HttpMethod.Post, "/api/v1/admin/settlement/run");
        await SendAsync(api.Http, HttpMethod.Post, "/api/v1/admin/settlement/run");
        await cluster.ScalarAsync("INSERT INTO audit_log (actor, action, subject) VALUES ('clicker', 'clicker.banned', 'someone')");

        var (_, first) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?action=settlement.run&actor=operator&limit=1");
        var (_, second) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?action=settlement.run&actor=operator&limit=1&cursor=" + first.GetProperty("nextCursor").GetString());
        var (_, all) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit");
        var (_, bans) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?subject=someone");
        var (_, future) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?since=2999-01-01T00:00:00Z");
        var (badTime, timeProblem) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?since=yesterday");
        var (badCursor, cursorProblem) = await SendAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit?cursor=-3");

        long Id(JsonElement page, int i) => page.GetProperty("items")[i].GetProperty("id").GetInt64();
        Assert.Equal((1, 1), (first.GetProperty("items").GetArrayLength(), second.GetProperty("items").GetArrayLength()));
        Assert.True(Id(first, 0) > Id(second, 0));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(["clicker.banned", "settlement.run", "settlement.run"], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("clicker", bans.GetProperty("items")[0].GetProperty("actor").GetString());
        Assert.Equal(0, future.GetProperty("items").GetArrayLength());
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid time"), (badTime, timeProblem.GetProperty("title").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid cursor"), (badCursor, cursorProblem.GetProperty("title").GetString()));
    }
}
