namespace Faucet.Tokens;

/// <summary>One row of a player's token ledger: <see cref="BalanceAfter"/> is always <see cref="BalanceBefore"/> plus
/// <see cref="Amount"/> (negative for a debit), and never below zero.</summary>
[GenerateSerializer, Immutable, Alias("faucet.TokenEntry")]
public sealed record TokenEntry(
    [property: Id(0)] long EntryNo,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] TokenEntryKind Kind,
    [property: Id(3)] long Amount,
    [property: Id(4)] long BalanceBefore,
    [property: Id(5)] long BalanceAfter,
    [property: Id(6)] string? Reference,
    [property: Id(7)] DateTimeOffset RecordedAt);
