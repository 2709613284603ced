using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>An OpenTelemetry collector's OTLP/HTTP receiver on 127.0.0.1: takes protobuf exports at <c>/v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c>, answers each with an empty (successful) export response, and keeps the
/// bodies.</summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> exports = new();

    private FakeOtlpCollector(WebApplication app) => this.app = app;

    public Uri Url => new(app.Urls.First());

    public IEnumerable<byte[]> Bodies(string signal) => exports.Where(e => e.Path == "/v1/" + signal).Select(e => e.Body);

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.MapPost("/v1/{signal}", collector.ReceiveAsync);
        await app.StartAsync();
        return collector;
    }

    private async Task ReceiveAsync(HttpContext context, string signal)
    {
        if (context.Request.ContentType != "application/x-protobuf")
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        exports.Enqueue(("/v1/" + signal, body.ToArray()));
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
