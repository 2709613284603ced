using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;

namespace Faucet.Api.Features.Clicker;

/// <summary>
/// Keyed hashes of a client's address and user agent for the click log: the same client hashes the same way (so
/// accounts clicking from one place can be found), but the log alone does not say where that is. The key is derived
/// from the first session signing key; under the dry-run placeholder, from a key of this process alone.
/// </summary>
public sealed class ClientHashes(IntegrationsOptions integrations)
{
    private readonly byte[] key = integrations.Sessions.DerivedKey("faucet click log hashes");

    public string? Of(string? value) =>
        string.IsNullOrEmpty(value) ? null : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}
