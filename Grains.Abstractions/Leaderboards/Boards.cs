namespace Faucet.Leaderboards;

/// <summary>The leaderboards: BAN paid to each player, and each player's accepted clicks.</summary>
public static class Boards
{
    public const string Ban = "ban";
    public const string Clicks = "clicks";

    public static IReadOnlyList<string> All { get; } = [Ban, Clicks];
}
