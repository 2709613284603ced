using Faucet.Players;

namespace Faucet.Clicker;

/// <summary>
/// One player's clicker, keyed by user id. Every click is answered once and recorded with its answer: a click sent
/// again under the same client nonce gets the first answer back and changes nothing. Accepted clicks earn the
/// configured reward, which reaches the player's reward account in runs a few seconds apart and settles like kills.
/// </summary>
[Alias("faucet.IClickerGrain")]
public interface IClickerGrain : IGrainWithStringKey
{
    [Alias("Click")]
    Task<ClickAnswer> ClickAsync(ClickRequest click);

    /// <summary>Accrues every accepted click so far to the reward account now, instead of at the next run.</summary>
    [Alias("Accrue")]
    Task AccrueAsync();

    /// <summary>Enforces an operator's ban of the player (null: none). Called by the Player grain.</summary>
    [Alias("SetOperatorBan")]
    Task SetOperatorBanAsync(PlayerBan? ban);

    [Alias("Get")]
    Task<ClickerView> GetAsync();
}
