using Faucet.Money;

namespace Faucet.Players;

/// <summary>The player_wallets table: each player's linked wallet, where settlement rounds read it in bulk. The
/// Player grain owns the link and writes it here before storing it.</summary>
public interface IPlayerWallets
{
    /// <summary>Records the link; recording the same link again changes nothing.</summary>
    Task RecordLinkAsync(UserId user, BananoAddress wallet, DateTimeOffset linkedAt, CancellationToken cancellationToken);
}
