namespace Faucet.Vanity;

/// <summary>A gacha pull as the player's history shows it: what was asked, the key found and how well it matched.</summary>
/// <param name="Tokens">What the pull cost (0 for a free pull).</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityPullView")]
public sealed record VanityPullView(
    [property: Id(0)] string PullId,
    [property: Id(1)] VanityRequest Request,
    [property: Id(2)] string Did,
    [property: Id(3)] VanityMatch Match,
    [property: Id(4)] long Candidates,
    [property: Id(5)] long Tokens,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? KeptAt);
