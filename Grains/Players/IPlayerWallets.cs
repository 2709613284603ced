using Faucet.Money;

namespace Faucet.Players;

/// <summary>The player_wallets and player_epic_links tables: what settlement rounds read of players in bulk. The Player
/// grain owns both and writes each here before storing it.</summary>
public interface IPlayerWallets
{
    /// <summary>Records the link; recording the same link again changes nothing.</summary>
    Task RecordLinkAsync(UserId user, BananoAddress wallet, DateTimeOffset linkedAt, CancellationToken cancellationToken);

    /// <summary>Records the player's Epic link in <c>player_epic_links</c>, where settlement rounds see who is blocked.</summary>
    Task RecordEpicLinkAsync(UserId user, EpicLink link, CancellationToken cancellationToken);
}
