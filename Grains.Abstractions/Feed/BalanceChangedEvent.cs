using Faucet.Money;

namespace Faucet.Feed;

/// <summary>A player's reward account changed (<c>type: balance</c> on their <c>account:&lt;id&gt;</c> channel).</summary>
[GenerateSerializer, Immutable, Alias("faucet.BalanceChangedEvent")]
public sealed record BalanceChangedEvent(
    [property: Id(0)] string UserId,
    [property: Id(1)] BanAmount Pending,
    [property: Id(2)] BanAmount Reserved,
    [property: Id(3)] BanAmount Paid,
    [property: Id(4)] string Change,
    [property: Id(5)] DateTimeOffset At);
