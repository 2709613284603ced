using Faucet.Players;

namespace Faucet.Sessions;

/// <summary>A sign-in just begun: whose it is, its id (the refresh token family, named in access tokens), and its first
/// refresh token.</summary>
[GenerateSerializer, Immutable, Alias("faucet.StartedSignIn")]
public sealed record StartedSignIn([property: Id(0)] UserId User, [property: Id(1)] Guid Session, [property: Id(2)] string RefreshToken);
