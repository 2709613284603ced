namespace Faucet.Purchases;

[GenerateSerializer, Alias("faucet.PurchaseRefundDecision")]
public enum PurchaseRefundDecision
{
    /// <summary>This call refunded it (and audited it).</summary>
    Refunded,

    /// <summary>An earlier call refunded it: nothing changed.</summary>
    AlreadyRefunded,

    /// <summary>Its provider takes no refund from the faucet (a Stripe purchase is refunded in Stripe's dashboard).</summary>
    RefundedByProvider,

    /// <summary>It is not completed: nothing to give back.</summary>
    NotCompleted,
}
