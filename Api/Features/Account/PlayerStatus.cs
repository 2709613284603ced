using Faucet.Api.Features.Legal;
using Faucet.Money;
using Faucet.Settlement;

namespace Faucet.Api.Features.Account;

/// <summary>What a player sees first: whether a wallet is linked, what is pending, what the caps still allow, and
/// when the next settlement runs; and whether the terms and the age gate still wait for the player's acceptance.</summary>
public sealed record PlayerStatus(
    string UserId,
    string DisplayName,
    bool Linked,
    string? Wallet,
    BanAmount Pending,
    BanAmount Reserved,
    BanAmount Paid,
    CapsLeft Caps,
    DateTimeOffset? NextSettlementAt,
    BanAmount MinPayout,
    BanAmount NeededForPayout,
    EpicView Epic,
    PlayerBanView? Ban,
    bool AnalyticsOptOut,
    TermsView Terms);
