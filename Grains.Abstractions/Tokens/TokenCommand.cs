namespace Faucet.Tokens;

/// <summary>A change asked of a token account. <see cref="Amount"/> is positive for a credit, negative for a debit;
/// the same <see cref="IdempotencyKey"/> again changes nothing and answers with the first entry.</summary>
[GenerateSerializer, Immutable, Alias("faucet.TokenCommand")]
public sealed record TokenCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] TokenEntryKind Kind,
    [property: Id(2)] long Amount,
    [property: Id(3)] string? Reference)
{
    public const int MaxKeyLength = 200;

    /// <summary>Whether <paramref name="entry"/> is what this command made the first time.</summary>
    public bool IsRepeatOf(TokenEntry entry) => entry.IdempotencyKey == IdempotencyKey && entry.Kind == Kind && entry.Amount == Amount && entry.Reference == Reference;
}
