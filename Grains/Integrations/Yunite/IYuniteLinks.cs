using Faucet.Players;

namespace Faucet.Integrations.Yunite;

/// <summary>Yunite's registration lookup: which Epic account each Discord user linked in the server.</summary>
public interface IYuniteLinks
{
    /// <summary>What Yunite says of each of <paramref name="discordIds"/> (the status, and the Epic account when
    /// linked). Throws <see cref="YuniteUnavailableException"/> when it cannot say.</summary>
    Task<IReadOnlyDictionary<string, (EpicLinkStatus Status, string? EpicId, string? EpicName)>> LookupAsync(IReadOnlyList<string> discordIds, CancellationToken cancellationToken);
}
