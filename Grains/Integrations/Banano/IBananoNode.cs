using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>
/// The Banano node (or Pippin) that pays out, through its JSON RPC. Failures are <see cref="BananoNodeException"/>s
/// that say whether the node refused (retrying the same request will not help) or could not be reached (it may
/// or may not have acted: retry with the same send id).
/// </summary>
public interface IBananoNode
{
    /// <summary>Sends <see cref="BananoSend.Amount"/> and returns the block. Idempotent by <see cref="BananoSend.Id"/>:
    /// the node answers a repeated id with the block of the first send and sends nothing more.</summary>
    Task<BlockHash> SendAsync(BananoSend send, CancellationToken cancellationToken);

    Task<AccountBalance> GetBalanceAsync(BananoAddress account, CancellationToken cancellationToken);

    /// <summary>The account's ledger summary, or null when the account has never received anything (unopened).</summary>
    Task<AccountInfo?> GetAccountInfoAsync(BananoAddress account, CancellationToken cancellationToken);

    /// <summary>The transfers into <paramref name="account"/>, each once: first those not yet received (at most
    /// <paramref name="count"/>, in the node's order), then the received ones among the account's
    /// <paramref name="count"/> latest blocks, newest first. An account the node does not know has none.</summary>
    Task<IReadOnlyList<IncomingTransfer>> GetIncomingAsync(BananoAddress account, int count, CancellationToken cancellationToken);
}
