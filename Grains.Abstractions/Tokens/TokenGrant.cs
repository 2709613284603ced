namespace Faucet.Tokens;

/// <summary>An admin's gift of tokens to a player.</summary>
/// <param name="IdempotencyKey">The request's Idempotency-Key: the same key again gives nothing more.</param>
/// <param name="Actor">Who gives (the admin's user id, or "operator"), as the audit log names them.</param>
[GenerateSerializer, Immutable, Alias("faucet.TokenGrant")]
public sealed record TokenGrant(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] long Tokens,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Actor);
