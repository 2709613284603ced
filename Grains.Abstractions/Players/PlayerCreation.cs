using Faucet.Identities;

namespace Faucet.Players;

/// <summary>The outcome of <see cref="IPlayerGrain.CreateAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("faucet.PlayerCreation")]
public sealed record PlayerCreation(
    [property: Id(0)] PlayerCreationStatus Status,
    [property: Id(1)] PlayerProfile? Profile,
    [property: Id(2)] UserId? IdentityOwner)
{
    public static PlayerCreation Created(PlayerProfile profile) => new(PlayerCreationStatus.Created, profile, null);
    public static PlayerCreation Existing(PlayerProfile profile) => new(PlayerCreationStatus.AlreadyExists, profile, null);
    public static PlayerCreation IdentityTaken(UserId owner) => new(PlayerCreationStatus.IdentityTaken, null, owner);
}
