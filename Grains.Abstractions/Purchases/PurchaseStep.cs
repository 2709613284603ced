namespace Faucet.Purchases;

/// <summary>One step of a purchase's status history.</summary>
[GenerateSerializer, Immutable, Alias("faucet.PurchaseStep")]
public sealed record PurchaseStep([property: Id(0)] PurchaseStatus Status, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? Detail);
