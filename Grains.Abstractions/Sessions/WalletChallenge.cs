namespace Faucet.Sessions;

/// <param name="Message">Sign exactly these bytes (UTF-8) with the key, and send the signature back with the nonce.</param>
/// <param name="ProofOfWorkNeeded">The key has no player yet and this faucet asks new players for a proof of work: send
/// a solved challenge of <c>GET /api/v1/auth/proof-of-work</c> with the signature.</param>
[GenerateSerializer, Immutable, Alias("faucet.WalletChallenge")]
public sealed record WalletChallenge(
    [property: Id(0)] string Nonce,
    [property: Id(1)] string Did,
    [property: Id(2)] string Message,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] bool ProofOfWorkNeeded = false);
