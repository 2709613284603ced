namespace Faucet.Purchases;

[GenerateSerializer, Alias("faucet.PurchaseCreationStatus")]
public enum PurchaseCreationStatus
{
    Created,

    /// <summary>The same order under the same purchase id: the purchase as it is.</summary>
    Repeated,

    /// <summary>The purchase id holds another buyer's or another order: nothing changed.</summary>
    Conflict,
}

[GenerateSerializer, Immutable, Alias("faucet.PurchaseCreation")]
public sealed record PurchaseCreation([property: Id(0)] PurchaseCreationStatus Status, [property: Id(1)] PurchaseView? Purchase);

/// <param name="RefundedNow">Whether this call made the refund (false when it was refunded before).</param>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseRefund")]
public sealed record PurchaseRefund([property: Id(0)] PurchaseView Purchase, [property: Id(1)] bool RefundedNow);
