namespace Faucet.Leaderboards;

/// <summary>
/// One leaderboard, keyed by its name (<see cref="Boards"/>). It follows its stream (payouts sent, or players' click
/// counts) rather than reading tables per request; when it activates, it starts from what the tables hold. When the
/// top <see cref="PushedTop"/> of a window changes, it announces the new top on the public feed (<c>type:
/// leaderboard</c>), at most once a second.
/// </summary>
[Alias("faucet.ILeaderboardGrain")]
public interface ILeaderboardGrain : IGrainWithStringKey
{
    public const int PushedTop = 10;
    public const int MaxLimit = 100;

    [Alias("GetTop")]
    Task<LeaderboardView> GetTopAsync(LeaderboardWindow window, int limit);
}
