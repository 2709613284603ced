using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>An admin's request to pay a player by hand, as the Api read it: the shape is checked, the rules are not.</summary>
/// <param name="IdempotencyKey">The request's Idempotency-Key: the same key again answers the same request.</param>
/// <param name="Actor">Who asks (the admin's user id, or "operator"), as the audit log names them.</param>
[GenerateSerializer, Immutable, Alias("faucet.ManualPayoutAsk")]
public sealed record ManualPayoutAsk(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string UserId,
    [property: Id(2)] BanAmount Amount,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Actor);
