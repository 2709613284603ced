using Faucet.Money;

namespace Faucet.Api.Features.Account;

public sealed record PayoutItem(
    string PayoutId,
    long Round,
    string Destination,
    BanAmount Amount,
    string Status,
    int Attempts,
    string? Block,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
