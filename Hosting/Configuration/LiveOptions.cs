namespace Faucet.Configuration;

/// <summary><c>product.yaml</c> <c>live</c>: the WebSocket feed at <c>/ws</c>.</summary>
public sealed class LiveOptions : IValidatedOptions
{
    /// <summary>Browser origins, besides the Api's own, whose pages may open <c>/ws</c> (e.g. https://faucet.example).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How often the server pings each socket; well under 60 s, where proxies drop idle sockets.</summary>
    public int PingSeconds { get; set; } = 20;

    /// <summary>A socket that has not answered a ping within this is closed.</summary>
    public int PongTimeoutSeconds { get; set; } = 20;

    /// <summary>Frames queued for one socket; a socket that falls further behind is closed, so that it never slows
    /// the others. It must hold a burst: a settlement batch's payouts reach the feed together.</summary>
    public int SendQueue { get; set; } = 4096;

    /// <summary>How often a <c>tick</c> frame (pending BAN, next settlement) goes to the feed.</summary>
    public int TickSeconds { get; set; } = 10;

    /// <summary>The most feed events <c>GET /api/v1/feed/recent</c> returns.</summary>
    public int RecentEvents { get; set; } = 50;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            if (!Uri.TryCreate(AllowedOrigins[i], UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")
                || origin.AbsolutePath != "/" || AllowedOrigins[i].EndsWith('/'))
            {
                yield return ($"allowed_origins[{i}]", $"'{AllowedOrigins[i]}' is not an origin such as https://faucet.example (scheme, host and port only)");
            }
        }
        var problems = new[]
        {
            OptionChecks.Between("ping_seconds", PingSeconds, 1, 55),
            OptionChecks.Between("pong_timeout_seconds", PongTimeoutSeconds, 1, 120),
            OptionChecks.Between("send_queue", SendQueue, 8, 65536),
            OptionChecks.Between("tick_seconds", TickSeconds, 1, 3600),
            OptionChecks.Between("recent_events", RecentEvents, 1, 1000),
        };
        foreach (var problem in problems)
        {
            if (problem is { } p)
            {
                yield return p;
            }
        }
    }
}
