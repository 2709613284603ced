using System.Buffers.Text;
using NSec.Cryptography;

namespace Faucet.Vanity;

/// <summary>A found key in the forms other tools import: a JWK (OKP, Ed25519, with the private <c>d</c>), PKCS#8 PEM,
/// and the raw 32-byte seed in hex. All three hold the same standard Ed25519 seed.</summary>
public sealed record ExportedKey(string Did, string PublicKeyHex, string SeedHex, ExportedJwk Jwk, string Pkcs8Pem)
{
    public static ExportedKey FromSeed(ReadOnlySpan<byte> seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var pem = System.Text.Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
        return new ExportedKey(
            DidKey.FromPublicKey(publicKey),
            Convert.ToHexStringLower(publicKey),
            Convert.ToHexStringLower(seed),
            new ExportedJwk("OKP", "Ed25519", Base64Url.EncodeToString(publicKey), Base64Url.EncodeToString(seed)),
            pem);
    }
}
