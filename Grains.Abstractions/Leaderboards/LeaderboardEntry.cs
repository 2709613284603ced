namespace Faucet.Leaderboards;

/// <param name="Rank">1 for the top; players with equal scores are ranked by user id.</param>
/// <param name="Name">The player's display name, if they have a profile.</param>
/// <param name="Score">BAN paid as a decimal string on the <c>ban</c> board; a count on the <c>clicks</c> board.</param>
[GenerateSerializer, Immutable, Alias("faucet.LeaderboardEntry")]
public sealed record LeaderboardEntry(
    [property: Id(0)] int Rank,
    [property: Id(1)] string UserId,
    [property: Id(2)] string? Name,
    [property: Id(3)] string Score);
