namespace Faucet.Sessions;

[GenerateSerializer, Immutable, Alias("faucet.WalletSignIn")]
public sealed record WalletSignIn([property: Id(0)] WalletSignInStatus Status, [property: Id(1)] StartedSignIn? SignedIn);
