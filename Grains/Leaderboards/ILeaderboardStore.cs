namespace Faucet.Leaderboards;

/// <summary>Where a leaderboard starts from when it activates: the scores as the tables hold them.</summary>
public interface ILeaderboardStore
{
    Task<LeaderboardSnapshot> LoadAsync(string board, DateTimeOffset dayStart, DateTimeOffset weekStart, CancellationToken cancellationToken);
}
