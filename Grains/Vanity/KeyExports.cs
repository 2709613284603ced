using System.Buffers.Text;
using NSec.Cryptography;

namespace Faucet.Vanity;

/// <summary>Turns a found seed into its exports, with NSec: the only place a winning key becomes an NSec key.</summary>
public static class KeyExports
{
    public static ExportedKey FromSeed(ReadOnlySpan<byte> seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var pemBytes = key.Export(KeyBlobFormat.PkixPrivateKeyText);
        var pem = System.Text.Encoding.ASCII.GetString(pemBytes);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(pemBytes);
        return new ExportedKey(
            DidKey.FromPublicKey(publicKey),
            Convert.ToHexStringLower(publicKey),
            Convert.ToHexStringLower(seed),
            new ExportedJwk("OKP", "Ed25519", Base64Url.EncodeToString(publicKey), Base64Url.EncodeToString(seed)),
            pem);
    }
}
