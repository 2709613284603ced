using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// Yunite v3's registration lookup on 127.0.0.1, at the wire level: <c>POST /api/v3/guild/{guildId}/registration/links</c>
/// with <c>Y-Api-Token</c> and <c>{"type":"DISCORD","userIds":[…]}</c>, answered with <c>users</c> (discord id, Epic id
/// and name, date verified), <c>notLinked</c> and <c>notFound</c>. <see cref="FailWith"/> makes it answer an error status.
/// </summary>
public sealed class FakeYunite : IAsyncDisposable
{
    public const string Token = "fake-yunite-token-0123456789";
    public const string Guild = "900000000000000042";

    private readonly WebApplication app;

    private FakeYunite(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    /// <summary>Discord ids linked to an Epic account (id, name); ids in <see cref="NotLinked"/> are in the server
    /// unlinked; any other id is not found.</summary>
    public ConcurrentDictionary<string, (string EpicId, string EpicName)> Linked { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> NotLinked { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every lookup is answered with this status (402 unpaid, 429 over quota, 5xx).</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeYunite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var yunite = new FakeYunite(app);
        app.MapPost("/api/v3/guild/{guild}/registration/links", (Func<string, HttpContext, Task<IResult>>)yunite.LinksAsync);
        await app.StartAsync();
        return yunite;
    }

    private async Task<IResult> LinksAsync(string guild, HttpContext context)
    {
        if (context.Request.Headers["Y-Api-Token"] != Token)
        {
            return Results.Json(new { error = "Invalid token" }, statusCode: 401);
        }
        if (FailWith is { } status)
        {
            return Results.Json(new { error = "failure" }, statusCode: status);
        }
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        if (guild != Guild || body.RootElement.GetProperty("type").GetString() != "DISCORD")
        {
            return Results.Json(new { error = "Bad request" }, statusCode: 400);
        }
        var ids = body.RootElement.GetProperty("userIds").EnumerateArray().Select(i => i.GetString()!).ToList();
        return Results.Json(new
        {
            users = ids.Where(Linked.ContainsKey).Select(id => new
            {
                discord = new { id, name = "user" + id[^4..], nick = (string?)null },
                epic = new { epicID = Linked[id].EpicId, epicName = Linked[id].EpicName },
                dateVerified = "2026-11-01T10:00:00.000Z",
            }),
            notLinked = ids.Where(id => !Linked.ContainsKey(id) && NotLinked.ContainsKey(id)),
            notFound = ids.Where(id => !Linked.ContainsKey(id) && !NotLinked.ContainsKey(id)),
        });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
