namespace Faucet.Payouts;

/// <summary>
/// One payout, keyed by its id, once a settlement round has recorded it. The round sends its payouts itself, in
/// batches; a payout the node did not confirm at once is handed to its grain, which keeps trying with the same
/// id (the node answers a repeated id with its first block) on a reminder and a jittered backoff until the node
/// confirms it or definitely refuses it as often as attempts allow.
/// </summary>
[Alias("faucet.IPayoutGrain")]
public interface IPayoutGrain : IGrainWithStringKey
{
    /// <summary>Takes over a pending payout from its round: the next attempt is made when its backoff is over,
    /// and after a crash too. A final payout is returned as it is.</summary>
    [Alias("FollowUp")]
    Task<PayoutView> FollowUpAsync();

    /// <summary>An operator's retry: a pending payout is attempted now; a final one is returned as it is (nothing is
    /// sent again). A retry that found the payout pending or sent is audited under <paramref name="actor"/>.</summary>
    [Alias("RetryBy")]
    Task<PayoutRetry> RetryAsync(string actor);

    /// <summary>Null when no payout was recorded under this id.</summary>
    [Alias("Get")]
    Task<PayoutView?> GetAsync();
}
