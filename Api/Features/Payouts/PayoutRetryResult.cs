using Faucet.Payouts;

namespace Faucet.Api.Features.Payouts;

/// <summary><see cref="Result"/> is <c>already_sent</c> (nothing was sent again) or <c>attempted</c>.</summary>
public sealed record PayoutRetryResult(string Result, PayoutView Payout);
