using Faucet.Purchases;

namespace Faucet.Integrations.Payments;

/// <summary>A step a provider took with a purchase: the status it is in now, and why (for a failure, the reason the
/// buyer is shown).</summary>
public sealed record PaymentProgress(PurchaseStatus Status, string Detail);
