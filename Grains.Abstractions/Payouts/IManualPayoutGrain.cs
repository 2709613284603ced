namespace Faucet.Payouts;

/// <summary>
/// One manual payout request, keyed by its number. Paying it grants the amount to the player's reward account (once,
/// under the key <c>manual:&lt;number&gt;</c>), reserves it and records the payout in one statement, and attempts it
/// at once through the Payout grain: from there it is sent exactly once like any payout. Every call is safe to repeat:
/// a repeat completes what a crash interrupted and pays nothing twice.
/// </summary>
[Alias("faucet.IManualPayoutGrain")]
public interface IManualPayoutGrain : IGrainWithIntegerKey
{
    /// <summary>Pays an approved request (one under the approval threshold is approved when it is made).</summary>
    [Alias("Pay")]
    Task<ManualPayoutOutcome> PayAsync();

    /// <summary>A second admin's approval of a request that waits for one, after which it is paid.</summary>
    [Alias("Approve")]
    Task<ManualPayoutOutcome> ApproveAsync(string approver);

    [Alias("Reject")]
    Task<ManualPayoutOutcome> RejectAsync(string rejecter);
}
