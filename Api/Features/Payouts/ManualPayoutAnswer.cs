using Faucet.Payouts;

namespace Faucet.Api.Features.Payouts;

/// <summary>A manual payout request and, once it is made, its payout.</summary>
/// <param name="Note">What happens next, in words.</param>
public sealed record ManualPayoutAnswer(ManualPayoutRequest Request, PayoutView? Payout, string Note)
{
    public static ManualPayoutAnswer Of(ManualPayoutOutcome outcome) => new(outcome.Request!, outcome.Payout, outcome switch
    {
        { Decision: ManualPayoutDecision.Rejected or ManualPayoutDecision.AlreadyRejected } => "Rejected: nothing is paid.",
        { Request.Status: ManualPayoutRequest.AwaitingApproval } => "Waits for a second admin's approval; nothing is paid until then.",
        { Request.Status: ManualPayoutRequest.SettledByRound } => "Granted, but a settlement round set the amount aside first: that round pays it, under the player's caps.",
        { Payout: null } => "Approved; not paid yet.",
        { Payout.Status: PayoutStatus.Sent } => "Sent.",
        { Payout.Status: PayoutStatus.Pending } => "Recorded and being sent: the payout is retried with the same id until the node confirms it.",
        { Payout.Status: PayoutStatus.DryRun } => "Dry run: recorded, not sent; the amount is pending for the player and a round plans it.",
        _ => "The node refused it: the amount is pending for the player again.",
    });
}
