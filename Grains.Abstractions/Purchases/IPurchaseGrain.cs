namespace Faucet.Purchases;

/// <summary>
/// One token purchase, keyed by purchase id: its status history and the exactly-once credit of its package's tokens
/// (a token ledger entry keyed by the purchase id). The simulated provider moves it along by itself; Stripe completes it
/// through its webhook.
/// </summary>
[Alias("faucet.IPurchaseGrain")]
public interface IPurchaseGrain : IGrainWithStringKey
{
    /// <summary>Starts the purchase (once: the same order again returns it as it is; another order under this id is a
    /// conflict; a method the provider does not offer starts nothing).</summary>
    [Alias("Create")]
    Task<PurchaseCreation> CreateAsync(PurchaseOrder order);

    /// <summary>The purchase, if it is <paramref name="userId"/>'s (null user: an operator's look).</summary>
    [Alias("Get")]
    Task<PurchaseView?> GetAsync(string? userId);

    /// <summary>The buyer gives up before paying: a pending purchase of the simulated provider is cancelled; any other is
    /// returned as it is (a Stripe Checkout Session that is not paid expires by itself).</summary>
    [Alias("Cancel")]
    Task<PurchaseView?> CancelAsync(string userId);

    /// <summary>
    /// What Stripe says of the Checkout Session <paramref name="checkoutRef"/>: <see cref="PurchaseStatus.Processing"/>
    /// (completed, payment on its way), <see cref="PurchaseStatus.Completed"/> (paid: the tokens are credited, once however
    /// often this is said), <see cref="PurchaseStatus.Failed"/> (the payment failed) or
    /// <see cref="PurchaseStatus.Cancelled"/> (expired unpaid). A step the purchase is already past changes nothing. Null
    /// if this purchase has no such session. <paramref name="paymentRef"/> is the session's payment (Stripe's PaymentIntent),
    /// kept once paid: the refunds and disputes Stripe reports later name it.
    /// </summary>
    [Alias("Checkout")]
    Task<PurchaseView?> CheckoutSaysAsync(string checkoutRef, PurchaseStatus status, string detail, string? paymentRef);

    /// <summary>
    /// The provider gave back <paramref name="refundedMinor"/> of the amount in all (each refund reports the new total):
    /// the refunded share of the package's tokens, rounded up, is taken back, at most the buyer's balance; in full, the
    /// purchase is refunded. A total already applied changes nothing. Null if this purchase has no such payment.
    /// </summary>
    [Alias("ProviderRefunded")]
    Task<PurchaseView?> ProviderRefundedAsync(string paymentRef, long refundedMinor);

    /// <summary>The buyer disputed <paramref name="amountMinor"/> of the payment: that share of the tokens is held (at most
    /// the balance) and the purchase is disputed until <see cref="DisputeClosedAsync"/>. Null if no such payment.</summary>
    [Alias("DisputeOpened")]
    Task<PurchaseView?> DisputeOpenedAsync(string paymentRef, string disputeRef, long amountMinor);

    /// <summary>The dispute was decided: won, the held tokens are released; lost, they are kept back. A dispute closed before
    /// its opening was heard is opened first. Null if no such payment.</summary>
    [Alias("DisputeClosed")]
    Task<PurchaseView?> DisputeClosedAsync(string paymentRef, string disputeRef, long amountMinor, bool won);

    /// <summary>An operator (<paramref name="actor"/>) refunds a completed purchase of the simulated provider: the tokens
    /// of it not yet spent are taken back, and the refund is audited under the operator. Null if there is no such
    /// purchase.</summary>
    [Alias("RefundBy")]
    Task<PurchaseRefund?> RefundAsync(string reason, string actor);
}
