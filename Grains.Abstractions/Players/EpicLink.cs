namespace Faucet.Players;

/// <summary>The player's Epic (Fortnite) account as Yunite reported it at <see cref="CheckedAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("faucet.EpicLink")]
public sealed record EpicLink(
    [property: Id(0)] EpicLinkStatus Status,
    [property: Id(1)] string? EpicId,
    [property: Id(2)] string? EpicName,
    [property: Id(3)] DateTimeOffset CheckedAt)
{
    /// <summary>Whether payouts may flow to the player (only a link blocks nothing).</summary>
    public bool Eligible => Status == EpicLinkStatus.Linked;
}
