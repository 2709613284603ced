using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Faucet.Sessions;

/// <summary>
/// Argon2id password hashes (through NSec, libsodium), stored as <c>argon2id$m=…,t=…,p=1$salt$hash</c> with the
/// parameters they were made with, so that stronger parameters later do not lock out older hashes. Comparison is
/// constant-time, and a check against no stored hash still costs a full hash, so an unknown e-mail answers as slowly
/// as a wrong password.
/// </summary>
public static class PasswordHashes
{
    /// <summary>19 MiB and two passes: the OWASP minimum for Argon2id.</summary>
    public const int MemoryKib = 19 * 1024;
    public const int Passes = 2;
    private const int HashBytes = 32;
    private const int SaltBytes = 16;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Algorithm(MemoryKib, Passes).DeriveBytes(password, salt, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"argon2id$m={MemoryKib},t={Passes},p=1${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="stored"/>; with no stored hash, a hash is
    /// computed anyway and the answer is false.</summary>
    public static bool Verify(string password, string? stored)
    {
        if (stored is null || Parse(stored) is not { } parts)
        {
            Algorithm(MemoryKib, Passes).DeriveBytes(password, new byte[SaltBytes], HashBytes);
            return false;
        }
        var (memory, passes, salt, expected) = parts;
        var actual = Algorithm(memory, passes).DeriveBytes(password, salt, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static Argon2id Algorithm(int memoryKib, int passes) =>
        PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKib, NumberOfPasses = passes });

    private static (int Memory, int Passes, byte[] Salt, byte[] Hash)? Parse(string stored)
    {
        var parts = stored.Split('$');
        if (parts is not ["argon2id", var parameters, var salt, var hash])
        {
            return null;
        }
        var values = parameters.Split(',').Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return values.TryGetValue("m", out var m) && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var memory)
            && values.TryGetValue("t", out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var passes)
            ? (memory, passes, Convert.FromBase64String(salt), Convert.FromBase64String(hash))
            : null;
    }
}
