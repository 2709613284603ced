namespace Faucet.Vanity;

/// <summary>A guaranteed search job as its owner sees it.</summary>
/// <param name="Price">The tokens held in escrow when the job started.</param>
/// <param name="KeysPerSecond">Keys tried per second across the cluster over the last minute.</param>
/// <param name="EtaSeconds">Expected seconds to a match at that rate (the search has no memory: this stays 1/p over the
/// rate however long it has run); null while no rate is known or once the job has ended.</param>
/// <param name="Refunded">Tokens given back on cancellation.</param>
[GenerateSerializer, Immutable, Alias("faucet.VanityJobView")]
public sealed record VanityJobView(
    [property: Id(0)] string JobId,
    [property: Id(1)] VanityRequest Request,
    [property: Id(2)] VanityJobStatus Status,
    [property: Id(3)] long Price,
    [property: Id(4)] double ExpectedAttempts,
    [property: Id(5)] long Attempts,
    [property: Id(6)] double KeysPerSecond,
    [property: Id(7)] double? EtaSeconds,
    [property: Id(8)] string? Did,
    [property: Id(9)] long Refunded,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset? EndedAt);
