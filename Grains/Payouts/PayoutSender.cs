using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Banano;
using Microsoft.Extensions.DependencyInjection;
using Faucet.Telemetry;

namespace Faucet.Payouts;

/// <summary>
/// Makes one attempt at a pending payout and says what came of it; storing the outcome is the caller's. A payout
/// fails only on a definite refusal by the node after its attempts run out (the node answers a repeated id with
/// its first block, so a refusal means nothing was sent). While the node does not answer, or answers nonsense,
/// the payout stays pending and is tried again later: giving up then could pay the player twice, once by this
/// send and once by a later round. Attempts go through the payout's <see cref="OperatorWalletGrain"/>, which sends
/// one at a time per source account.
/// </summary>
public sealed class PayoutSender(IBananoNode node, IntegrationsOptions integrations, PayoutOptions options, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    private const string DryRunHold = "dry run: not sent; attempted live before, so it waits for dry_run to be off";

    public bool DryRun => integrations.PayoutsDryRun;

    /// <param name="payout">A pending payout whose attempts already count this one.</param>
    public async Task<PayoutOutcome> AttemptAsync(PayoutView payout, CancellationToken cancellationToken)
    {
        using var activity = FaucetTracing.Source.StartActivity("payout.attempt");
        activity?.SetTag("faucet.payout.id", payout.PayoutId);
        activity?.SetTag("faucet.payout.attempt", payout.Attempts);
        var outcome = await AttemptOnceAsync(payout, cancellationToken);
        var name = outcome.Status switch
        {
            PayoutStatus.Sent => "sent",
            PayoutStatus.Failed => "failed",
            PayoutStatus.DryRun => "dry_run",
            _ when integrations.PayoutsDryRun => "held",
            _ => "retry",
        };
        FaucetMetrics.PayoutAttempted(name);
        activity?.SetTag("faucet.payout.outcome", name);
        return outcome;
    }

    private async Task<PayoutOutcome> AttemptOnceAsync(PayoutView payout, CancellationToken cancellationToken)
    {
        if (integrations.PayoutsDryRun)
        {
            // Only a payout never sent for real may end as a dry run (and give its amount back): one attempted while
            // dry_run was off may have reached the node, so it stays pending, unsent, until dry_run is off again.
            return payout.Attempts == 0
                ? new PayoutOutcome(payout.PayoutId, PayoutStatus.DryRun, null, null, null, payout.Attempts, "dry run: planned and recorded, not sent")
                : new PayoutOutcome(payout.PayoutId, PayoutStatus.Pending, null, DryRunHold, time.GetUtcNow() + TimeSpan.FromMinutes(5), payout.Attempts, DryRunHold);
        }

        var request = payout.Request;
        try
        {
            var block = await node.SendAsync(
                new BananoSend(integrations.Banano.WalletId, integrations.Banano.SourceOf(request), request.Destination, request.Amount, payout.PayoutId),
                cancellationToken);
            return new PayoutOutcome(payout.PayoutId, PayoutStatus.Sent, block, null, null, payout.Attempts, $"block {block}");
        }
        catch (BananoNodeException e)
        {
            var refused = e.Failure is BananoNodeFailure.Rejected or BananoNodeFailure.InsufficientBalance;
            return refused && payout.Attempts >= options.MaxPayoutAttempts
                ? new PayoutOutcome(payout.PayoutId, PayoutStatus.Failed, null, e.Message, null, payout.Attempts, e.Message)
                : new PayoutOutcome(payout.PayoutId, PayoutStatus.Pending, null, e.Message, time.GetUtcNow() + Backoff(payout.Attempts), payout.Attempts, e.Message);
        }
    }

    /// <summary>2, 4, 8… seconds up to five minutes, each scaled by a random 0.5–1.5 so that many payouts that
    /// failed together do not all come back at once.</summary>
    private static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Max(1, attempts))) * (0.5 + Random.Shared.NextDouble()));
}
