using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Yunite;
using Faucet.Players;

namespace Faucet.Api.Features.Account;

/// <summary>Asks Yunite which Epic account a player's Discord account is linked to, and records the answer on the
/// player (which decides whether payouts flow to them).</summary>
public sealed class EpicLinks(IClusterClient cluster, IYuniteLinks yunite, IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    /// <summary>The player's Discord id, if they have signed in with Discord.</summary>
    public static string? DiscordIdOf(PlayerProfile profile) =>
        profile.Identities.FirstOrDefault(i => i.Scheme == "discord") is { Value: { } value } ? value["discord:".Length..] : null;

    /// <summary>Looks the player up and records the answer. Throws <see cref="YuniteUnavailableException"/> when Yunite
    /// cannot say; what was recorded before stands.</summary>
    public async Task<EpicLink> RefreshAsync(UserId user, string discordId, CancellationToken cancellationToken)
    {
        if (integrations.SimulatedWhereBanIsReal(integrations.Yunite.Mode))
        {
            // The simulated Yunite links everyone to a made-up account: never where BAN is real.
            throw new YuniteUnavailableException("Yunite is simulated here, which only a dry run allows; the operator sets yunite.mode: live.");
        }
        var answers = await yunite.LookupAsync([discordId], cancellationToken);
        var (status, epicId, epicName) = answers.TryGetValue(discordId, out var answer) ? answer : (EpicLinkStatus.NotFound, null, null);
        var link = new EpicLink(status, epicId, epicName, time.GetUtcNow());
        await cluster.GetGrain<IPlayerGrain>(user.Value).RecordEpicLinkAsync(link);
        return link;
    }
}
