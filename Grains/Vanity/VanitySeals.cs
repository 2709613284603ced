using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace Faucet.Vanity;

/// <summary>
/// Seals the seeds of kept vanity keys with XChaCha20-Poly1305 under a key derived from <c>vanity.master_key</c>, a
/// fresh random nonce each time, and the pull id and user id as associated data (a sealed seed moved to another row
/// does not open).
/// </summary>
public sealed partial class VanitySeals : IDisposable
{
    private static readonly AeadAlgorithm Algorithm = AeadAlgorithm.XChaCha20Poly1305;
    private readonly Key key;

    public VanitySeals(IntegrationsOptions integrations, ILogger<VanitySeals> logger)
    {
        var secret = integrations.Vanity.MasterKey;
        byte[] material;
        if (IntegrationsOptions.IsDefaultSecret(secret))
        {
            LogRandomKey(logger);
            material = RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            material = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "faucet vanity seeds v1"u8);
        }
        key = Key.Import(Algorithm, material, KeyBlobFormat.RawSymmetricKey);
        CryptographicOperations.ZeroMemory(material);
    }

    public (byte[] Nonce, byte[] Sealed) Seal(ReadOnlySpan<byte> seed, string pullId, string userId)
    {
        var nonce = RandomNumberGenerator.GetBytes(Algorithm.NonceSize);
        return (nonce, Algorithm.Encrypt(key, nonce, Associated(pullId, userId), seed));
    }

    /// <summary>The seed, or null when it does not open (another key, another row, tampered).</summary>
    public byte[]? Open(byte[] nonce, byte[] sealedSeed, string pullId, string userId)
    {
        if (sealedSeed.Length != 32 + Algorithm.TagSize)
        {
            return null;
        }
        var seed = new byte[32];
        return Algorithm.Decrypt(key, nonce, Associated(pullId, userId), sealedSeed, seed) ? seed : null;
    }

    public void Dispose() => key.Dispose();

    private static byte[] Associated(string pullId, string userId) => Encoding.UTF8.GetBytes($"{pullId}\n{userId}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "vanity.master_key is the placeholder: kept vanity keys are sealed with a random key of this silo and cannot be read after it restarts (dry run only)")]
    private static partial void LogRandomKey(ILogger logger);
}
