using System.Security.Cryptography;
using Faucet.Money;
using Faucet.Vanity;

namespace Faucet.Tests.Browser;

/// <summary>Keys the browser tests sign in with, and wallets to link: made here, as a player's own tools would.</summary>
internal static class Players
{
    /// <summary>The one key the stacks' <c>sessions.admins</c> list names.</summary>
    public static ExportedKey Admin { get; } = KeyExports.FromSeed(Convert.FromHexString("a11ce0000000000000000000000000000000000000000000000000000000a11c"));

    public static ExportedKey NewKey() => KeyExports.FromSeed(RandomNumberGenerator.GetBytes(32));

    /// <summary>A valid Banano address nobody holds (any 32 bytes are an account's public key).</summary>
    public static string NewWallet() => BananoAddress.FromPublicKey(RandomNumberGenerator.GetBytes(32)).Value;

    /// <summary>The same address with its last checksum character changed: well formed, but the checksum fails.</summary>
    public static string WithBadChecksum(string address)
    {
        const string alphabet = "13456789abcdefghijkmnopqrstuwxyz";
        var last = address[^1];
        return address[..^1] + alphabet[(alphabet.IndexOf(last, StringComparison.Ordinal) + 1) % alphabet.Length];
    }
}
