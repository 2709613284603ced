namespace Faucet.Api.Features.Sessions;

/// <param name="Message">Sign exactly these bytes (UTF-8) with the key, and send the signature back with the nonce.</param>
public sealed record WalletChallenge(string Nonce, string Did, string Message, DateTimeOffset ExpiresAt);
