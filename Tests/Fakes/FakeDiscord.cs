using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Fakes;

/// <summary>
/// Discord's OAuth2 and user API on 127.0.0.1, at the wire level: <c>POST /oauth2/token</c> (form-encoded
/// authorization_code with the client as HTTP Basic; a code works once, then <c>invalid_grant</c>),
/// <c>GET /users/@me</c> and <c>GET /users/@me/guilds</c> with the access token as Bearer.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string ClientId = "1100000000000000000";
    public const string ClientSecret = "fake-discord-client-secret-0123456789";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Person> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Person> tokens = new(StringComparer.Ordinal);

    private FakeDiscord(WebApplication app) => this.app = app;

    public sealed record Person(string Id, string Username, string? GlobalName, IReadOnlyList<string> Guilds);

    public string ApiBase => app.Urls.First() + "/api/v10";

    /// <summary>The redirect_uri of every code exchange, in order.</summary>
    public ConcurrentQueue<string> RedirectUris { get; } = new();

    /// <summary>A code Discord would hand the browser after <paramref name="person"/> approved.</summary>
    public string Approve(Person person)
    {
        var code = Guid.NewGuid().ToString("N");
        codes[code] = person;
        return code;
    }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var discord = new FakeDiscord(app);
        app.MapPost("/api/v10/oauth2/token", (Func<HttpContext, Task<IResult>>)discord.TokenAsync);
        app.MapGet("/api/v10/users/@me", (HttpContext context) => discord.Holder(context) is { } p
            ? Results.Json(new { id = p.Id, username = p.Username, global_name = p.GlobalName, discriminator = "0" })
            : Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401));
        app.MapGet("/api/v10/users/@me/guilds", (HttpContext context) => discord.Holder(context) is { } p
            ? Results.Json(p.Guilds.Select(g => new { id = g, name = "Guild " + g, owner = false, permissions = "0" }))
            : Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401));
        await app.StartAsync();
        return discord;
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        var form = await context.Request.ReadFormAsync();
        RedirectUris.Enqueue(form["redirect_uri"].ToString());
        if (form["grant_type"] != "authorization_code" || !codes.TryRemove(form["code"].ToString(), out var person))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Invalid \"code\" in request." }, statusCode: 400);
        }
        var token = Guid.NewGuid().ToString("N");
        tokens[token] = person;
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 604800, refresh_token = "r" + token, scope = "identify guilds" });
    }

    private Person? Holder(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && tokens.TryGetValue(header["Bearer ".Length..], out var person) ? person : null;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
