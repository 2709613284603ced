using Faucet.Money;

namespace Faucet.Payouts;

[GenerateSerializer, Immutable, Alias("faucet.PayoutView")]
public sealed record PayoutView(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] PayoutRequest Request,
    [property: Id(2)] PayoutStatus Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] BlockHash? Block,
    [property: Id(5)] string? LastError,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] DateTimeOffset? NextAttemptAt = null);
