using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>A manual payout an admin asked for (table <c>manual_payouts</c>). Its payout, once made, is an ordinary one
/// with the round number <c>-Number</c>.</summary>
/// <param name="Status">awaiting_approval, approved, rejected, or settled_by_round (approved, but a settlement round set
/// the grant aside first and pays it).</param>
/// <param name="PayoutId">Set once the payout is recorded; its status is the payout's.</param>
[GenerateSerializer, Immutable, Alias("faucet.ManualPayoutRequest")]
public sealed record ManualPayoutRequest(
    [property: Id(0)] long Number,
    [property: Id(1)] string UserId,
    [property: Id(2)] BananoAddress Destination,
    [property: Id(3)] BanAmount Amount,
    [property: Id(4)] string Reason,
    [property: Id(5)] string RequestedBy,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] string Status,
    [property: Id(8)] string? DecidedBy,
    [property: Id(9)] DateTimeOffset? DecidedAt,
    [property: Id(10)] string? PayoutId,
    [property: Id(11)] string IdempotencyKey)
{
    public const string AwaitingApproval = "awaiting_approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string SettledByRound = "settled_by_round";
    public const int MaxReasonLength = 500;

    /// <summary>The round number its payout carries: below zero, so it never meets a settlement round's.</summary>
    public long Round => -Number;

    /// <summary>Whether a request sent again under the same idempotency key asks for the same thing.</summary>
    public bool Asks(string userId, BanAmount amount, string reason) => UserId == userId && Amount == amount && Reason == reason;
}
