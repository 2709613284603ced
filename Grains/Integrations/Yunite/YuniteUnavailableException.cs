namespace Faucet.Integrations.Yunite;

/// <summary>Yunite did not answer the lookup (over its quota, unpaid, down or unreachable); nothing is known.</summary>
public sealed class YuniteUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
