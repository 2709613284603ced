namespace Faucet.Vanity;

/// <summary>An Ed25519 private key as a JSON Web Key (RFC 8037): <c>x</c> the public key, <c>d</c> the seed, both
/// base64url.</summary>
public sealed record ExportedJwk(string Kty, string Crv, string X, string D);
