namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.PlayerState")]
public sealed class PlayerState
{
    [Id(0)] public PlayerProfile? Profile { get; set; }

    /// <summary>When the current wallet was linked (null for links stored before this was kept).</summary>
    [Id(1)] public DateTimeOffset? WalletLinkedAt { get; set; }

    /// <summary>Whether the profile has its row in the <c>players</c> directory.</summary>
    [Id(2)] public bool Listed { get; set; }
}
