using Faucet.Money;

namespace Faucet.Clicker;

/// <summary>What a click got.</summary>
/// <param name="Seq">The click's number among all the player's clicks (accepted or not).</param>
/// <param name="Reward">What this click earned (0 unless accepted).</param>
/// <param name="RetryAt">When a rate-limited player has a click again.</param>
/// <param name="BannedUntil">When a ban ends.</param>
/// <param name="At">When the clicker took the click.</param>
[GenerateSerializer, Immutable, Alias("faucet.ClickAnswer")]
public sealed record ClickAnswer(
    [property: Id(0)] ClickOutcome Outcome,
    [property: Id(1)] long Seq,
    [property: Id(2)] BanAmount Reward,
    [property: Id(3)] ClickCounts Counts,
    [property: Id(4)] DateTimeOffset? RetryAt,
    [property: Id(5)] DateTimeOffset? BannedUntil,
    [property: Id(6)] DateTimeOffset At);
