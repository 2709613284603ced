using Faucet.Identities;
using Faucet.Money;

namespace Faucet.Players;

/// <summary>One player, keyed by <see cref="UserId"/>: profile and the identities they signed in with.</summary>
[Alias("faucet.IPlayerGrain")]
public interface IPlayerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the player with a first identity, which is claimed for them. Idempotent: calling again returns
    /// the existing profile. Refused with <see cref="PlayerCreationStatus.IdentityTaken"/> (and nothing
    /// created) when another user holds that identity.
    /// </summary>
    [Alias("Create")]
    Task<PlayerCreation> CreateAsync(string displayName, IdentityKey firstIdentity);

    /// <summary>Links the Banano wallet the player is paid to. One wallet belongs to one player: the wallet is
    /// claimed like an identity (<c>wallet:ban_…</c>). A link or a change is audited.</summary>
    [Alias("LinkWallet")]
    Task<WalletLinkStatus> LinkWalletAsync(BananoAddress wallet);

    /// <summary>Records what Yunite said of the player's Discord account (and so whether payouts may flow to them);
    /// false if there is no such player.</summary>
    [Alias("RecordEpicLink")]
    Task<bool> RecordEpicLinkAsync(EpicLink link);

    /// <summary>Asks Yunite which Epic account the player's Discord account is linked to, and records the answer. An
    /// admin's request (<paramref name="admin"/> names them) is audited; the player's own (null) is not.</summary>
    [Alias("RefreshEpicLink")]
    Task<EpicLinkRefresh> RefreshEpicLinkAsync(string? admin);

    /// <summary>Bans the player (replacing any ban in force) and tells their clicker; null if there is no such
    /// player. A ban is recorded in the <c>players</c> table before the grain, so settlement and the kill verifier,
    /// which read that table, never miss one. Audited under the ban's author, and published to webhook endpoints.</summary>
    [Alias("Ban")]
    Task<PlayerProfile?> BanAsync(PlayerBan ban);

    /// <summary>Keeps <paramref name="region"/> (a country or region code, never an address) as where the player was
    /// last seen, for analytics, unless they opted out. Analytics decide nothing about earning or payouts.</summary>
    [Alias("RecordRegion")]
    Task RecordRegionAsync(string region);

    /// <summary>Lifts the player's ban, if any (audited under <paramref name="actor"/>); null if there is no such player.</summary>
    [Alias("LiftBanBy")]
    Task<PlayerProfile?> LiftBanAsync(string actor);

    /// <summary>Whether the player's coarse region may be kept for analytics. Opting out forgets the region kept
    /// so far. False if there is no such player.</summary>
    [Alias("SetAnalyticsOptOut")]
    Task<bool> SetAnalyticsOptOutAsync(bool optOut);

    /// <summary>Records that the player accepts the terms of service and privacy policy of <paramref name="version"/>,
    /// which must be the current one, and (when the gate asks for an age) confirms being at least the minimum age. Kept
    /// in the <c>terms_acceptances</c> table before the grain. Purchases, paid pulls and jobs wait for it.</summary>
    [Alias("AcceptTerms")]
    Task<TermsAnswer> AcceptTermsAsync(string version, bool ageConfirmed);

    /// <summary>What the player must accept now and what they accepted; the grains that take a player's money ask this
    /// before they do.</summary>
    [Alias("GetTerms")]
    Task<TermsStanding> GetTermsAsync();

    /// <summary>The profile, or null when no player has been created under this id.</summary>
    [Alias("GetProfile")]
    Task<PlayerProfile?> GetProfileAsync();
}
