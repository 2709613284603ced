using Faucet.Players;

namespace Faucet.Clicker;

/// <param name="LastSeq">The number of the player's latest click.</param>
/// <param name="AccruedThrough">The latest click whose reward is in the reward account (accrued clicks up to it).</param>
/// <param name="BannedUntil">The end of the clicker's own latest ban (for machine-like clicking).</param>
/// <param name="Bans">How often the clicker has banned the player.</param>
/// <param name="OperatorBan">An operator's ban of the player, which the clicker enforces too.</param>
[GenerateSerializer, Immutable, Alias("faucet.ClickerView")]
public sealed record ClickerView(
    [property: Id(0)] ClickCounts Counts,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] long AccruedThrough,
    [property: Id(3)] DateTimeOffset? BannedUntil,
    [property: Id(4)] string? BanReason,
    [property: Id(5)] int Bans,
    [property: Id(6)] PlayerBan? OperatorBan = null);
