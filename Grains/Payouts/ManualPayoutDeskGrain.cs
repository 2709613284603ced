using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Faucet.Payouts;

/// <summary>
/// Makes manual payout requests. It holds no state of its own (the request's row in <c>manual_payouts</c> is the truth,
/// and its idempotency key makes a repeated call find the first request), so any silo can run it. Paying is the
/// request's own grain's work; this one decides only whether there is a request to pay.
/// </summary>
[StatelessWorker]
public sealed class ManualPayoutDeskGrain(
    IManualPayoutStore requests,
    IAuditLog audit,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IManualPayoutDeskGrain
{
    public async Task<ManualPayoutOutcome> RequestAsync(ManualPayoutAsk ask)
    {
        if (await GrainFactory.GetGrain<IPlayerGrain>(ask.UserId).GetProfileAsync() is not { } profile)
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.NoSuchPlayer, null);
        }
        if (profile.Wallet is not { } wallet)
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.NoWallet, null);
        }
        var now = time.GetUtcNow();
        if (profile.Ban is { } ban && ban.InForceAt(now))
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.PlayerBanned, null);
        }

        var threshold = integrations.Operator.ManualPayoutApprovalBan;
        var (request, created) = await requests.CreateAsync(ask.IdempotencyKey, ask.UserId, wallet, ask.Amount, ask.Reason, ask.Actor, threshold, now, CancellationToken.None);
        if (!request.Asks(ask.UserId, ask.Amount, ask.Reason))
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.KeyReused, request);
        }
        if (created)
        {
            await audit.RecordAsync(ask.Actor, "payout.manual_requested", ask.UserId,
                new { request.Number, amount = ask.Amount, reason = ask.Reason, destination = wallet.Value, request.Status, threshold }, CancellationToken.None);
        }
        // A request sent again finishes what the first one started, and pays nothing twice.
        var outcome = await GrainFactory.GetGrain<IManualPayoutGrain>(request.Number).PayAsync();
        if (created && outcome.Decision == ManualPayoutDecision.Paid)
        {
            await audit.RecordAsync(ask.Actor, "payout.manual_paid", ask.UserId,
                new { request.Number, payout = outcome.Payout?.PayoutId, status = outcome.Payout?.Status }, CancellationToken.None);
        }
        return outcome with { Created = created };
    }

    public Task<IReadOnlyList<ManualPayoutRequest>> ListAsync(string? status, long? before, int limit) =>
        requests.ListAsync(status, before, limit, CancellationToken.None);
}
