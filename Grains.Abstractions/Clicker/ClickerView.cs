namespace Faucet.Clicker;

/// <param name="LastSeq">The number of the player's latest click.</param>
/// <param name="AccruedThrough">The latest click whose reward is in the reward account (accrued clicks up to it).</param>
/// <param name="Bans">How often the player has been banned from the clicker.</param>
[GenerateSerializer, Immutable, Alias("faucet.ClickerView")]
public sealed record ClickerView(
    [property: Id(0)] ClickCounts Counts,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] long AccruedThrough,
    [property: Id(3)] DateTimeOffset? BannedUntil,
    [property: Id(4)] string? BanReason,
    [property: Id(5)] int Bans);
