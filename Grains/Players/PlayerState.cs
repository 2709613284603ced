namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.PlayerState")]
public sealed class PlayerState
{
    [Id(0)] public PlayerProfile? Profile { get; set; }
}
