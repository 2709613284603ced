namespace Faucet.Sessions;

/// <param name="Message">Sign exactly these bytes (UTF-8) with the key, and send the signature back with the nonce.</param>
[GenerateSerializer, Immutable, Alias("faucet.WalletChallenge")]
public sealed record WalletChallenge(
    [property: Id(0)] string Nonce,
    [property: Id(1)] string Did,
    [property: Id(2)] string Message,
    [property: Id(3)] DateTimeOffset ExpiresAt);
