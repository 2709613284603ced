namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.PlayerState")]
public sealed class PlayerState
{
    [Id(0)] public PlayerProfile? Profile { get; set; }

    /// <summary>When the current wallet was linked (null for links stored before this was kept).</summary>
    [Id(1)] public DateTimeOffset? WalletLinkedAt { get; set; }
}
