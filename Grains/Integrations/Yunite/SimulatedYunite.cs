using System.Security.Cryptography;
using System.Text;
using Faucet.Players;

namespace Faucet.Integrations.Yunite;

/// <summary>SIMULATED Yunite, for the local demo: every Discord user is linked to a made-up Epic account derived from
/// their id.</summary>
public sealed class SimulatedYunite : IYuniteLinks
{
    public Task<IReadOnlyDictionary<string, (EpicLinkStatus Status, string? EpicId, string? EpicName)>> LookupAsync(IReadOnlyList<string> discordIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, (EpicLinkStatus, string?, string?)>>(discordIds.Distinct(StringComparer.Ordinal).ToDictionary(
            id => id,
            id => (EpicLinkStatus.Linked, (string?)Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32], (string?)("simulated-" + id[^4..])),
            StringComparer.Ordinal));
}
