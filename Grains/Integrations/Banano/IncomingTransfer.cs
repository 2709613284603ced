using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>
/// BAN sent to an account, known by the hash of the sender's send block: the same transfer keeps its
/// <see cref="SendBlock"/> while it is receivable and after it is received. <see cref="At"/> is when the node saw
/// the receive block (its local timestamp), null while the transfer is receivable or when the node does not know.
/// </summary>
public sealed record IncomingTransfer(BlockHash SendBlock, BananoAddress From, BanAmount Amount, DateTimeOffset? At, bool Received);
