using Faucet.Players;

namespace Faucet.Clicker;

/// <summary>What a Clicker grain stores beyond its click log: its bans.</summary>
[GenerateSerializer, Alias("faucet.ClickerState")]
public sealed class ClickerState
{
    [Id(0)] public DateTimeOffset? BannedUntil { get; set; }
    [Id(1)] public string? BanReason { get; set; }
    [Id(2)] public int Bans { get; set; }

    /// <summary>An operator's ban of the player, as the Player grain last said.</summary>
    [Id(3)] public PlayerBan? OperatorBan { get; set; }
}
