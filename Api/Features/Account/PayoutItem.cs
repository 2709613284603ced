using Faucet.Money;

namespace Faucet.Api.Features.Account;

/// <param name="Round">The settlement round that paid it; below zero for a manual payout (its request number, negated).</param>
public sealed record PayoutItem(
    string PayoutId,
    long Round,
    string Destination,
    BanAmount Amount,
    string Status,
    int Attempts,
    string? Block,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UserId);
