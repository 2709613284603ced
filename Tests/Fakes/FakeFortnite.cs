using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// The Fortnite stats API on 127.0.0.1, at the wire level: <c>GET /v2/stats/br/v2/{accountId}</c> with the key as
/// <c>Authorization</c>, answering lifetime kills at <c>data.stats.all.overall.kills</c>, 403 for a private profile,
/// 404 for an unknown account, and 429 with <c>Retry-After</c> when told to. It notes when each request came.
/// </summary>
public sealed class FakeFortnite : IAsyncDisposable
{
    public const string Key = "fake-fortnite-key-0123456789";

    private readonly WebApplication app;

    private FakeFortnite(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public ConcurrentDictionary<string, long> Kills { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Private { get; } = new(StringComparer.Ordinal);

    private int rateLimitNext;

    /// <summary>Requests to answer with 429 (and Retry-After: 1) before answering normally again.</summary>
    public int RateLimitNext
    {
        get => Volatile.Read(ref rateLimitNext);
        set => Volatile.Write(ref rateLimitNext, value);
    }

    public ConcurrentQueue<(DateTimeOffset At, string Account)> Requests { get; } = new();

    public static async Task<FakeFortnite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fortnite = new FakeFortnite(app);
        app.MapGet("/v2/stats/br/v2/{account}", (string account, HttpContext context) => fortnite.Stats(account, context));
        await app.StartAsync();
        return fortnite;
    }

    private IResult Stats(string account, HttpContext context)
    {
        Requests.Enqueue((DateTimeOffset.UtcNow, account));
        if (context.Request.Headers.Authorization != Key)
        {
            return Results.Json(new { status = 401, error = "Invalid API key" }, statusCode: 401);
        }
        if (Interlocked.Decrement(ref rateLimitNext) >= 0)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { status = 429, error = "Too many requests" }, statusCode: 429);
        }
        if (Private.ContainsKey(account))
        {
            return Results.Json(new { status = 403, error = "the requested account's stats are not public" }, statusCode: 403);
        }
        if (!Kills.TryGetValue(account, out var kills))
        {
            return Results.Json(new { status = 404, error = "the requested account does not exist" }, statusCode: 404);
        }
        return Results.Json(new
        {
            status = 200,
            data = new
            {
                account = new { id = account, name = "player" },
                stats = new { all = new { overall = new { score = 1000, wins = 3, kills, deaths = 50, matches = 60 } } },
            },
        });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
