namespace Faucet.Sessions;

[GenerateSerializer, Immutable, Alias("faucet.PasswordSignIn")]
public sealed record PasswordSignIn([property: Id(0)] PasswordSignInStatus Status, [property: Id(1)] StartedSignIn? SignedIn);
