using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Faucet.Tests.Api;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Telemetry;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the Api and the silo send their spans and metrics to the
/// collector over OTLP/HTTP, and a request's trace holds the silo's spans of the work it started.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OtlpExportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LiveNodeCluster cluster = null!;
    private FakeOtlpCollector collector = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        collector = await FakeOtlpCollector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await collector.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_request_s_trace_reaches_the_collector_with_the_silo_s_spans_of_the_round_it_started()
    {
        const string traceId = "5e0c63257de34c92bf9efcd03927272e";
        string[] otlp =
        [
            "--OTEL_EXPORTER_OTLP_ENDPOINT=" + collector.Url.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=200",
            "--OTEL_METRIC_EXPORT_INTERVAL=1000",
        ];
        using var silo = cluster.StartSiloProgram(otlp);
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port, otlp);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ApiCalls.ReadyAsync(http, Patience);
        await using (var client = await cluster.StartClientAsync())
        {
            await Rounds.PlayerAsync(client.Client, 1);
        }

        using var run = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/settlement/run")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
        };
        run.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        using var response = await http.SendAsync(run);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // In OTLP protobuf a span's trace id is its 16 raw bytes, and its name is plain UTF-8.
        var rawTraceId = Convert.FromHexString(traceId);
        bool Exported(string spanName) => collector.Bodies("traces").Any(body =>
            body.AsSpan().IndexOf(rawTraceId) >= 0 && body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(spanName)) >= 0);
        await Eventually.HoldsAsync(() => Task.FromResult(Exported("POST /api/v1/admin/settlement/run")), Patience, "the Api exports the request's span");
        await Eventually.HoldsAsync(() => Task.FromResult(Exported("settlement.round.plan")), Patience, "the silo exports the round's planning in the same trace");
        await Eventually.HoldsAsync(() => Task.FromResult(collector.Bodies("metrics").Any(body => body.AsSpan().IndexOf("faucet.settlement.rounds"u8) >= 0)),
            Patience, "the silo exports the faucet meter");
    }
}
