using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// An operator's endpoint on 127.0.0.1 that receives Standard Webhooks: it checks each request's
/// <c>webhook-signature</c> itself (HMAC-SHA256 of "id.timestamp.body" keyed with the base64 after <c>whsec_</c>) and
/// answers with the statuses it is told to, then 200.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> answers = new();

    private FakeWebhookReceiver(WebApplication app) => this.app = app;

    public string Url => app.Urls.First() + "/hook";

    public string Secret { get; set; } = "";

    public ConcurrentQueue<Received> Requests { get; } = new();

    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            answers.Enqueue(status);
        }
    }

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeWebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var status = answers.TryDequeue(out var next) ? next : 200;
        Requests.Enqueue(new Received(id, body, signature == expected, status, DateTimeOffset.UtcNow));
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <param name="At">When it arrived, by the system's clock.</param>
    public sealed record Received(string MessageId, string Body, bool SignatureValid, int Answered, DateTimeOffset At);
}
