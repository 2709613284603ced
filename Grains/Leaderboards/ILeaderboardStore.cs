namespace Faucet.Leaderboards;

/// <summary>Where a leaderboard starts from when it activates: the scores as the tables hold them.</summary>
public interface ILeaderboardStore
{
    Task<LeaderboardSnapshot> LoadAsync(string board, DateTimeOffset dayStart, DateTimeOffset weekStart, CancellationToken cancellationToken);
}

/// <param name="Scores">Each player's score today, this week and ever (raw BAN, or clicks).</param>
/// <param name="Through">The latest event time the scores include (payouts sent up to then); null when the board
/// is fed by running totals instead of increments, or nothing has happened yet.</param>
public sealed record LeaderboardSnapshot(IReadOnlyList<(string UserId, UInt128 Day, UInt128 Week, UInt128 All)> Scores, DateTimeOffset? Through);
