namespace Faucet.Integrations.Banano;

public sealed class BananoNodeException(BananoNodeFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public BananoNodeFailure Failure { get; } = failure;

    /// <summary>Whether the same request may succeed later (and, for a send, must be retried with the same id).</summary>
    public bool IsTransient => Failure == BananoNodeFailure.Unreachable;
}
