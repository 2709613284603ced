using Faucet.Money;

namespace Faucet.Feed;

/// <summary>A payout the node confirmed, as the live feed shows it (<c>type: payout</c>).</summary>
[GenerateSerializer, Immutable, Alias("faucet.PayoutSentEvent")]
public sealed record PayoutSentEvent(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] string UserId,
    [property: Id(2)] long Round,
    [property: Id(3)] BananoAddress Destination,
    [property: Id(4)] BanAmount Amount,
    [property: Id(5)] BlockHash Block,
    [property: Id(6)] DateTimeOffset SentAt);
