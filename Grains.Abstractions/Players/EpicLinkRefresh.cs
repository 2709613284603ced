namespace Faucet.Players;

/// <summary>What asking Yunite again came to.</summary>
/// <param name="Link">The link now recorded, when Yunite answered.</param>
/// <param name="Problem">Why Yunite could not say, when it could not.</param>
[GenerateSerializer, Immutable, Alias("faucet.EpicLinkRefresh")]
public sealed record EpicLinkRefresh(
    [property: Id(0)] EpicLinkRefreshStatus Status,
    [property: Id(1)] EpicLink? Link,
    [property: Id(2)] string? Problem = null);
