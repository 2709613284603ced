using Faucet.Api.Features.Account;
using Faucet.Api.Features.Sessions;
using Faucet.Api.Hosting;
using Faucet.Configuration;
using Faucet.Feed;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Live;

public static class LiveEndpoints
{
    public static IServiceCollection AddFaucetLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveHub>();
        services.AddSingleton<FeedQueries>();
        services.AddSingleton<LiveFeedService>();
        services.AddHostedService(s => s.GetRequiredService<LiveFeedService>());
        services.AddSingleton<GatewayCountChangedHandler>(s => (_, change) => s.GetRequiredService<LiveFeedService>().OnGatewaysChanged(change));
        return services;
    }

    /// <summary><c>/ws</c>, the feed's recent history, and what operators see of the sockets.</summary>
    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", ConnectAsync)
            .WithTags("Live")
            .WithSummary("The live feed over WebSocket: subscribe to feed (public) or account:<userId> (that player's token).")
            .WithDescription("Frames are {\"channel\",\"type\",\"payload\",\"seq\"}. On feed: payout, leaderboard, tick. On account:<userId>: payout, balance, click, and vanity (a guaranteed vanity job found its key: jobId, request, status \"found\", did, foundAt; never the private key).");

        endpoints.MapGet("/api/v1/feed/recent", GetRecentAsync)
            .WithTags("Live")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The newest feed events, newest first, in the frame shape of /ws (without seq), to render before the socket opens.");

        endpoints.MapGet("/api/v1/admin/live", GetOverview)
            .WithTags("Live")
            .RequireAuthorization(OperatorAuthentication.ReadPolicy)
            .ServedWithoutCluster()
            .WithSummary("Operator: sockets open on this Api process, the channels they watch, and feed renewals after reconnects.");
        return endpoints;
    }

    private static async Task<IResult> ConnectAsync(HttpContext context, LiveHub hub, ProductOptions product, ILogger<LiveHub> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a WebSocket request",
                detail: "/ws speaks WebSocket: open it with a WebSocket client (GET with Upgrade: websocket).");
        }
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !OriginAllowed(origin, context.Request, product.Live))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"Pages from {origin} may not open /ws here; the operator lists allowed origins in product.yaml live.allowed_origins.");
        }

        // A token on the upgrade request signs the socket in; one in a subscribe frame does for that channel.
        var signedIn = await context.AuthenticateAsync(PlayerAuthentication.SchemeName);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromSeconds(product.Live.PingSeconds),
            KeepAliveTimeout = TimeSpan.FromSeconds(product.Live.PongTimeoutSeconds),
        });
        await new LiveConnection(socket, hub, signedIn.Succeeded ? signedIn.Principal : null, product.Live.SendQueue, logger).RunAsync(context.RequestAborted);
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<IReadOnlyList<RecentFrame>>, ProblemHttpResult>> GetRecentAsync(
        string? limit, FeedQueries queries, ProductOptions product, IntegrationsOptions integrations, CancellationToken cancellationToken)
    {
        var max = product.Live.RecentEvents;
        if (Pages.ParseLimit(limit, max, max) is not { } count)
        {
            return Pages.BadLimit(max, max);
        }
        var payouts = await queries.RecentPayoutsAsync(count, cancellationToken);
        var simulated = integrations.Banano.Mode == IntegrationMode.Simulated;
        return TypedResults.Ok<IReadOnlyList<RecentFrame>>(payouts.Select(p => new RecentFrame(LiveHub.FeedChannel, "payout", FeedPayout.From(p, simulated))).ToList());
    }

    private static Ok<LiveOverview> GetOverview(LiveHub hub, LiveFeedService feed) => TypedResults.Ok(new LiveOverview(hub.Connections, hub.Watched(), feed.Renewals));

    /// <summary>The Api's own origin, or one the operator allowed. Only browsers send Origin; other clients pass.</summary>
    private static bool OriginAllowed(string origin, HttpRequest request, LiveOptions live) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || live.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    public sealed record RecentFrame(string Channel, string Type, FeedPayout Payload);

    /// <param name="FeedRenewals">How often this process subscribed afresh after losing the cluster.</param>
    public sealed record LiveOverview(int Connections, IReadOnlyDictionary<string, int> Channels, int FeedRenewals);
}
