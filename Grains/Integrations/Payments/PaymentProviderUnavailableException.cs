namespace Faucet.Integrations.Payments;

/// <summary>The provider did not answer (down, unreachable, too slow, busy); nothing is known, and the same request may
/// be sent again.</summary>
public sealed class PaymentProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
