namespace Faucet.Integrations.Payments;

/// <summary>The provider refused the request as made; sending it again would be refused again, so the purchase fails
/// with this message as its reason.</summary>
public sealed class PaymentRefusedException(string message, Exception? inner = null) : Exception(message, inner);
