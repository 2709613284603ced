using System.Runtime.InteropServices;

namespace Faucet.Vanity;

/// <summary>The two libsodium functions the vanity search calls directly: the native library is the one NSec ships and
/// loads (<c>libsodium</c>), so both use the same build.</summary>
public static unsafe partial class Sodium
{
    public const int SeedBytes = 32;
    public const int PublicKeyBytes = 32;
    public const int SecretKeyBytes = 64;

    private static readonly int Initialized = sodium_init();

    /// <summary>Derives the Ed25519 key pair of a 32-byte seed into caller buffers (no allocation).</summary>
    public static void SeedKeyPair(byte* publicKey, byte* secretKey, byte* seed)
    {
        if (Initialized < 0 || crypto_sign_seed_keypair(publicKey, secretKey, seed) != 0)
        {
            throw new InvalidOperationException("libsodium could not derive a key pair");
        }
    }

    [LibraryImport("libsodium")]
    private static partial int sodium_init();

    [LibraryImport("libsodium")]
    private static partial int crypto_sign_seed_keypair(byte* publicKey, byte* secretKey, byte* seed);
}
