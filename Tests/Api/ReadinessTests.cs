using System.Net;
using System.Text.Json;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Api;

public sealed class ReadinessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_is_503_while_postgres_is_down_and_200_when_it_is_back()
    {
        // A server of its own: this test stops it.
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database);
        await using var api = await ApiProcess.StartAsync(database);
        await Eventually.HoldsAsync(async () => await ReadyStatusAsync(api) == HttpStatusCode.OK, Patience, "ready before the outage");

        await postgres.StopAsync();
        using (var down = await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var body = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        }
        using (var alive = await api.Http.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        await postgres.StartAgainAsync();
        await Eventually.HoldsAsync(async () => await ReadyStatusAsync(api) == HttpStatusCode.OK, Patience, "ready after PostgreSQL is back");
    }

    [Fact]
    public async Task An_api_started_before_any_silo_or_schema_waits_for_the_cluster_and_then_serves()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();

        var apiStarting = ApiProcess.StartAsync(database);
        await using var silo = await SiloProcess.StartAsync(database);
        await using var api = await apiStarting.WaitAsync(Patience);

        await Eventually.HoldsAsync(async () => await ReadyStatusAsync(api) == HttpStatusCode.OK, Patience, "ready once the silo is up");
    }

    private static async Task<HttpStatusCode> ReadyStatusAsync(ApiProcess api)
    {
        using var response = await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode;
    }
}
