namespace Faucet.Purchases;

/// <summary>
/// One token purchase, keyed by purchase id: its status history and the exactly-once credit of its package's tokens
/// (a token ledger entry keyed by the purchase id). The simulated provider moves it along by itself; Stripe completes it
/// through its webhook.
/// </summary>
[Alias("faucet.IPurchaseGrain")]
public interface IPurchaseGrain : IGrainWithStringKey
{
    /// <summary>Starts the purchase (once: asking again returns it as it is); null when this id is another buyer's.</summary>
    [Alias("Create")]
    Task<PurchaseView?> CreateAsync(PurchaseOrder order);

    /// <summary>The purchase, if it is <paramref name="userId"/>'s (null user: an operator's look).</summary>
    [Alias("Get")]
    Task<PurchaseView?> GetAsync(string? userId);

    /// <summary>The buyer gives up before paying: a pending purchase is cancelled; any other is returned as it is.</summary>
    [Alias("Cancel")]
    Task<PurchaseView?> CancelAsync(string userId);

    /// <summary>An operator refunds a completed purchase: the tokens of it not yet spent are taken back.</summary>
    [Alias("Refund")]
    Task<PurchaseView?> RefundAsync(string reason);
}
