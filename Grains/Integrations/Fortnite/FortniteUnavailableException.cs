namespace Faucet.Integrations.Fortnite;

public sealed class FortniteUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
