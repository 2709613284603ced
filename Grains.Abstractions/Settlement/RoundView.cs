using Faucet.Money;

namespace Faucet.Settlement;

/// <summary>A settlement round as operators see it. <see cref="Seed"/> reproduces its order for an audit.</summary>
/// <param name="SkippedByBalance">Players left for a later round because no source account had the balance for
/// their payout when their turn came.</param>
/// <param name="EstimatedEndAt">While paying: when the round ends at the pace of its players so far.</param>
[GenerateSerializer, Immutable, Alias("faucet.RoundView")]
public sealed record RoundView(
    [property: Id(0)] long Number,
    [property: Id(1)] RoundStatus Status,
    [property: Id(2)] int Seed,
    [property: Id(3)] int Planned,
    [property: Id(4)] int Cursor,
    [property: Id(5)] int PayoutsStarted,
    [property: Id(6)] BanAmount Total,
    [property: Id(7)] int SkippedNoWallet,
    [property: Id(8)] int SkippedByCaps,
    [property: Id(9)] string? SkipReason,
    [property: Id(10)] DateTimeOffset? StartedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt,
    [property: Id(12)] int SkippedByBalance = 0,
    [property: Id(13)] DateTimeOffset? EstimatedEndAt = null);
