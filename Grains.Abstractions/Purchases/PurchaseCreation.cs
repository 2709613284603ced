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

    /// <summary>The buyer has not accepted the current terms (or confirmed the age they ask): nothing changed.</summary>
    TermsNotAccepted,

    /// <summary>The saved method named is none of the buyer's in use with the provider of new purchases: nothing changed.</summary>
    NoSuchPaymentMethod,
}

/// <param name="OfferedMethods">With <see cref="PurchaseCreationStatus.MethodNotOffered"/>: the methods the provider
/// offers.</param>
/// <param name="Terms">With <see cref="PurchaseCreationStatus.TermsNotAccepted"/>: what the buyer must accept.</param>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseCreation")]
public sealed record PurchaseCreation(
    [property: Id(0)] PurchaseCreationStatus Status,
    [property: Id(1)] PurchaseView? Purchase,
    [property: Id(2)] IReadOnlyList<string>? OfferedMethods = null,
    [property: Id(3)] Faucet.Players.TermsStanding? Terms = null);
