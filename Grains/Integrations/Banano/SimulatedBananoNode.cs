using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>
/// SIMULATED Banano node, for the local demo and dry runs (<c>banano.mode: simulated</c>): nothing leaves the
/// process and no BAN moves. It keeps the protocol's promises that the faucet relies on: a repeated send id
/// returns the first block and sends nothing more, a reused id with other data is refused, and each source account's
/// balance (<c>simulated_balance_ban</c> to start with) goes down as it pays, so the floor check and the choice of
/// accounts can be exercised. What it sends is received at once, at the time of the send by <paramref name="time"/>
/// (the system clock when none is given).
/// </summary>
public sealed class SimulatedBananoNode(BananoOptions options, TimeProvider? time = null) : IBananoNode
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly Dictionary<string, (BananoSend Send, BlockHash Block)> sends = new(StringComparer.Ordinal);
    private readonly Dictionary<BananoAddress, UInt128> received = [];
    private readonly Dictionary<BananoAddress, List<IncomingTransfer>> incoming = [];
    private readonly Dictionary<BananoAddress, UInt128> balances = options.PayingAccounts.ToDictionary(a => a, _ => options.SimulatedBalanceBan.Raw);

    public Task<BlockHash> SendAsync(BananoSend send, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (sends.TryGetValue(send.Id, out var first))
            {
                return first.Send == send
                    ? Task.FromResult(first.Block)
                    : throw new BananoNodeException(BananoNodeFailure.Rejected, $"The simulated node refused send: id {send.Id} was used before with other data");
            }
            if (send.Amount.Raw > balances.GetValueOrDefault(send.Source))
            {
                throw new BananoNodeException(BananoNodeFailure.InsufficientBalance, "The simulated node refused send: Insufficient balance");
            }

            balances[send.Source] -= send.Amount.Raw;
            received[send.Destination] = received.GetValueOrDefault(send.Destination) + send.Amount.Raw;
            var block = BlockHash.Parse(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("simulated-send:" + send.Id))));
            sends[send.Id] = (send, block);
            Incoming(send.Destination).Add(new IncomingTransfer(block, send.Source, send.Amount, clock.GetUtcNow(), Received: true));
            return Task.FromResult(block);
        }
    }

    public Task<AccountBalance> GetBalanceAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(balances.TryGetValue(account, out var balance)
                ? new AccountBalance(BanAmount.FromRaw(balance), BanAmount.Zero)
                : new AccountBalance(BanAmount.Zero, BanAmount.FromRaw(received.GetValueOrDefault(account))));
        }
    }

    public Task<AccountInfo?> GetAccountInfoAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!balances.TryGetValue(account, out var balance))
            {
                return Task.FromResult<AccountInfo?>(null);
            }
            var frontier = BlockHash.Parse(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"simulated-frontier:{account.Value}:{sends.Count}"))));
            return Task.FromResult<AccountInfo?>(new AccountInfo(frontier, BanAmount.FromRaw(balance), sends.Count + 1));
        }
    }

    public Task<IReadOnlyList<IncomingTransfer>> GetIncomingAsync(BananoAddress account, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<IncomingTransfer>>(
                incoming.TryGetValue(account, out var transfers) ? [.. transfers.AsEnumerable().Reverse().Take(count)] : []);
        }
    }

    /// <summary>The transfers into <paramref name="account"/>, oldest first.</summary>
    private List<IncomingTransfer> Incoming(BananoAddress account)
    {
        if (!incoming.TryGetValue(account, out var transfers))
        {
            incoming[account] = transfers = [];
        }
        return transfers;
    }
}
