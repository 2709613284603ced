using Faucet.Configuration;
using Faucet.Integrations.Banano;
using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>
/// A source account's sends, one after another. A grain runs one request at a time, so the account never has two
/// sends on the node at once however many callers it has; callers wait their turn in order. What an attempt comes to
/// is the <see cref="PayoutSender"/>'s to say and the caller's to store.
/// </summary>
public sealed class OperatorWalletGrain(PayoutSender sender, IBananoNode node, IntegrationsOptions integrations) : Grain, IOperatorWalletGrain
{
    private static readonly TimeSpan BalanceDeadline = TimeSpan.FromSeconds(5);
    private int inFlight;
    private long sent;

    private BananoAddress Account => BananoAddress.Parse(this.GetPrimaryKeyString());

    public async Task<PayoutOutcome> SendAsync(PayoutView payout)
    {
        var source = integrations.Banano.SourceOf(payout.Request);
        if (source != Account)
        {
            // A payout's account never changes; sending it from another would be a second send under its id.
            throw new ArgumentException($"Payout {payout.PayoutId} is sent from {source.Value}, not from {Account.Value}", nameof(payout));
        }
        inFlight++;
        try
        {
            var outcome = await sender.AttemptAsync(payout, CancellationToken.None);
            if (outcome.Status == PayoutStatus.Sent)
            {
                sent++;
            }
            return outcome;
        }
        finally
        {
            inFlight--;
        }
    }

    public async Task<SourceAccountView> GetAsync()
    {
        // Asked by an operator's page and by a round between its turns: a node that does not answer soon is reported,
        // not waited out.
        using var deadline = new CancellationTokenSource(BalanceDeadline);
        try
        {
            var balance = await node.GetBalanceAsync(Account, deadline.Token);
            return new SourceAccountView(Account, balance.Balance, balance.Receivable, inFlight, sent, null);
        }
        catch (BananoNodeException e)
        {
            return new SourceAccountView(Account, null, null, inFlight, sent, e.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new SourceAccountView(Account, null, null, inFlight, sent, $"the node did not answer within {BalanceDeadline.TotalSeconds:0} s");
        }
    }
}
