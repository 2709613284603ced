namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.PlayerCreationStatus")]
public enum PlayerCreationStatus
{
    Created,
    AlreadyExists,
    IdentityTaken,
}
