namespace Faucet.Leaderboards;

/// <summary>The top of one leaderboard in one window.</summary>
/// <param name="WindowStart">When the window began (null for all time).</param>
[GenerateSerializer, Immutable, Alias("faucet.LeaderboardView")]
public sealed record LeaderboardView(
    [property: Id(0)] string Board,
    [property: Id(1)] LeaderboardWindow Window,
    [property: Id(2)] DateTimeOffset? WindowStart,
    [property: Id(3)] IReadOnlyList<LeaderboardEntry> Entries);
