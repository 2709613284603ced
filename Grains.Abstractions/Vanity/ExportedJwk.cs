namespace Faucet.Vanity;

/// <summary>An Ed25519 private key as a JSON Web Key (RFC 8037): <c>x</c> the public key, <c>d</c> the seed, both
/// base64url.</summary>
[GenerateSerializer, Immutable, Alias("faucet.ExportedJwk")]
public sealed record ExportedJwk([property: Id(0)] string Kty, [property: Id(1)] string Crv, [property: Id(2)] string X, [property: Id(3)] string D);
