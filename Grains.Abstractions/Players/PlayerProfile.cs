using Faucet.Identities;

namespace Faucet.Players;

[GenerateSerializer, Immutable, Alias("faucet.PlayerProfile")]
public sealed record PlayerProfile(
    [property: Id(0)] UserId Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<IdentityKey> Identities,
    [property: Id(3)] DateTimeOffset CreatedAt);
