namespace Faucet.Purchases;

[GenerateSerializer, Alias("faucet.PurchaseCreationStatus")]
public enum PurchaseCreationStatus
{
    Created,

    /// <summary>The same order under the same purchase id: the purchase as it is.</summary>
    Repeated,

    /// <summary>The purchase id holds another buyer's or another order: nothing changed.</summary>
    Conflict,

    /// <summary>The provider of new purchases does not offer the method asked for: nothing changed.</summary>
    MethodNotOffered,
}

/// <param name="OfferedMethods">With <see cref="PurchaseCreationStatus.MethodNotOffered"/>: the methods the provider
/// offers.</param>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseCreation")]
public sealed record PurchaseCreation(
    [property: Id(0)] PurchaseCreationStatus Status,
    [property: Id(1)] PurchaseView? Purchase,
    [property: Id(2)] IReadOnlyList<string>? OfferedMethods = null);
