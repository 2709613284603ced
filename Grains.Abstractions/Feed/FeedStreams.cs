namespace Faucet.Feed;

/// <summary>The memory stream provider that carries the live feed from grains to every front-end process.</summary>
public static class FeedStreams
{
    public const string ProviderName = "feed";

    /// <summary>The public feed everyone may watch is one stream (this namespace and key), so each front-end
    /// process needs one subscription to it.</summary>
    public const string GlobalNamespace = "feed";

    public const string GlobalKey = "global";

    /// <summary>Each player's private events are a stream of this namespace keyed by their user id; a front-end
    /// process subscribes to one only while one of its sockets watches that account.</summary>
    public const string AccountNamespace = "account";

    /// <summary>What the leaderboards follow: a stream of this namespace per board, keyed by the board's name
    /// (<see cref="Leaderboards.Boards"/>), whose Leaderboard grain is subscribed to it implicitly.</summary>
    public const string LeaderboardNamespace = "leaderboard";
}
