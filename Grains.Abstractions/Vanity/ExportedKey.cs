namespace Faucet.Vanity;

/// <summary>A found key in the forms other tools import: a JWK (OKP, Ed25519, with the private <c>d</c>), PKCS#8 PEM,
/// and the raw 32-byte seed in hex. All three hold the same standard Ed25519 seed.</summary>
[GenerateSerializer, Immutable, Alias("faucet.ExportedKey")]
public sealed record ExportedKey(
    [property: Id(0)] string Did,
    [property: Id(1)] string PublicKeyHex,
    [property: Id(2)] string SeedHex,
    [property: Id(3)] ExportedJwk Jwk,
    [property: Id(4)] string Pkcs8Pem);
