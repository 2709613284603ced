namespace Faucet.Payouts;

/// <summary>
/// One payout, keyed by its id. Exactly once toward the node: the intent is stored before the first send,
/// every send carries the payout id (the node answers a repeated id with its first block), and a pending
/// payout is sent again with the same id after a crash or an unanswered call, until the node confirms it or
/// the attempts run out.
/// </summary>
[Alias("faucet.IPayoutGrain")]
public interface IPayoutGrain : IGrainWithStringKey
{
    /// <summary>Records the payout and makes the first attempt. Asking again for the same payout returns its
    /// current state; asking under its id for a different payout is refused.</summary>
    [Alias("Start")]
    Task<PayoutView> StartAsync(PayoutRequest request);

    /// <summary>A pending payout is attempted now; a final one is returned as it is (nothing is sent again).</summary>
    [Alias("Retry")]
    Task<PayoutView> RetryAsync();

    /// <summary>Null when no payout was started under this id.</summary>
    [Alias("Get")]
    Task<PayoutView?> GetAsync();
}
