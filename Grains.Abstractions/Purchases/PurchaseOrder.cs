namespace Faucet.Purchases;

/// <summary>What a buyer asks for: a package, paid with a method, or with one of their saved methods
/// (<paramref name="PaymentMethodId"/>, whose type then is the method).</summary>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseOrder")]
public sealed record PurchaseOrder(
    [property: Id(0)] string UserId,
    [property: Id(1)] string PackageId,
    [property: Id(2)] string Method,
    [property: Id(3)] string? PaymentMethodId = null);
