using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>
/// SIMULATED Banano node, for the local demo and dry runs (<c>banano.mode: simulated</c>): nothing leaves the
/// process and no BAN moves. It keeps the protocol's promises that the faucet relies on: a repeated send id
/// returns the first block and sends nothing more, a reused id with other data is refused, and the operator
/// balance (<c>simulated_balance_ban</c>) goes down as it pays, so the floor check can be exercised.
/// </summary>
public sealed class SimulatedBananoNode(BananoOptions options) : IBananoNode
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (BananoSend Send, BlockHash Block)> sends = new(StringComparer.Ordinal);
    private readonly Dictionary<BananoAddress, UInt128> received = [];
    private UInt128 operatorBalance = options.SimulatedBalanceBan.Raw;

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
            if (send.Amount.Raw > operatorBalance)
            {
                throw new BananoNodeException(BananoNodeFailure.InsufficientBalance, "The simulated node refused send: Insufficient balance");
            }

            operatorBalance -= send.Amount.Raw;
            received[send.Destination] = received.GetValueOrDefault(send.Destination) + send.Amount.Raw;
            var block = BlockHash.Parse(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("simulated-send:" + send.Id))));
            sends[send.Id] = (send, block);
            return Task.FromResult(block);
        }
    }

    public Task<AccountBalance> GetBalanceAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(IsOperator(account)
                ? new AccountBalance(BanAmount.FromRaw(operatorBalance), BanAmount.Zero)
                : new AccountBalance(BanAmount.Zero, BanAmount.FromRaw(received.GetValueOrDefault(account))));
        }
    }

    public Task<AccountInfo?> GetAccountInfoAsync(BananoAddress account, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!IsOperator(account))
            {
                return Task.FromResult<AccountInfo?>(null);
            }
            var frontier = BlockHash.Parse(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"simulated-frontier:{account.Value}:{sends.Count}"))));
            return Task.FromResult<AccountInfo?>(new AccountInfo(frontier, BanAmount.FromRaw(operatorBalance), sends.Count + 1));
        }
    }

    private bool IsOperator(BananoAddress account) =>
        options.SourceAccounts.Count == 0 || options.SourceAccounts.Contains(account.Value, StringComparer.Ordinal);
}
