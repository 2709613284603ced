using Faucet.Money;

namespace Faucet.Players;

/// <summary>The tables in which a player can be found in bulk: <c>players</c> (the directory operators search, with bans),
/// <c>player_wallets</c> and <c>player_epic_links</c> (what settlement rounds and the kill verifier read), and
/// <c>player_regions</c> (analytics), and <c>terms_acceptances</c> (who accepted which terms, when). The Player grain
/// owns them all and writes each here before storing its state.</summary>
public interface IPlayerTables
{
    /// <summary>Records the profile's directory row (name, identities, ban, analytics choice) as it is now. A player who
    /// opts out of analytics loses their recorded region here too.</summary>
    Task RecordProfileAsync(PlayerProfile profile, CancellationToken cancellationToken);

    /// <summary>Records the link; recording the same link again changes nothing.</summary>
    Task RecordLinkAsync(UserId user, BananoAddress wallet, DateTimeOffset linkedAt, CancellationToken cancellationToken);

    /// <summary>Records the player's Epic link in <c>player_epic_links</c>, where settlement rounds see who is blocked.</summary>
    Task RecordEpicLinkAsync(UserId user, EpicLink link, CancellationToken cancellationToken);

    /// <summary>Records the coarse region the player was seen from on <paramref name="today"/>, unless the directory says
    /// they opted out; regions last seen before <paramref name="keptSince"/> (and any of a player who opted out) are
    /// deleted now and then.</summary>
    Task RecordRegionAsync(UserId user, string region, DateOnly today, DateOnly keptSince, CancellationToken cancellationToken);

    /// <summary>Records the player's acceptance of one version of the terms; recording it again keeps the first.</summary>
    Task RecordTermsAcceptanceAsync(UserId user, TermsAcceptance acceptance, CancellationToken cancellationToken);
}
