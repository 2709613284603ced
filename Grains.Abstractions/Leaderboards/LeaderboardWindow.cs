namespace Faucet.Leaderboards;

/// <summary>The span a leaderboard counts: today, this week (from Monday) — both in the caps' time zone — or ever.</summary>
[GenerateSerializer, Alias("faucet.LeaderboardWindow")]
public enum LeaderboardWindow
{
    Day,
    Week,
    All,
}
