using Faucet.Audit;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Faucet.Payouts;

/// <summary>
/// A manual payout request. Its row in <c>manual_payouts</c> is its state, read afresh on every call (the Api creates
/// it, and a decision is a conditional update, so two admins deciding at once cannot both win). Paying grants the
/// amount, then reserves it and records the payout in one statement, then hands the payout to its grain, which sends
/// it (and keeps trying after a crash). Each step is keyed by the request number, and a reminder stays registered from
/// the first step to the hand-over, so a crash part-way is completed by the next activation and pays nothing twice.
/// </summary>
public sealed class ManualPayoutGrain(
    IManualPayoutStore requests,
    IPayoutStore payouts,
    ISettlementStore settlement,
    Configuration.IntegrationsOptions integrations,
    IAuditLog audit,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IManualPayoutGrain, IRemindable
{
    private const string PayReminder = "manual-pay";

    private long Number => this.GetPrimaryKeyLong();

    public async Task<ManualPayoutOutcome> PayAsync()
    {
        if (await requests.GetAsync(Number, CancellationToken.None) is not { } request)
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.NoSuchRequest, null);
        }
        return await AnswerAsync(request);
    }

    public async Task<ManualPayoutOutcome> ApproveAsync(string approver) => await AuditedAsync(approver, "payout.manual_approved", await DecideApprovalAsync(approver));

    public async Task<ManualPayoutOutcome> RejectAsync(string rejecter) => await AuditedAsync(rejecter, "payout.manual_rejected", await DecideRejectionAsync(rejecter));

    private async Task<ManualPayoutOutcome> DecideApprovalAsync(string approver)
    {
        if (await requests.GetAsync(Number, CancellationToken.None) is not { } request)
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.NoSuchRequest, null);
        }
        if (request.Status == ManualPayoutRequest.AwaitingApproval)
        {
            if (string.Equals(request.RequestedBy, approver, StringComparison.Ordinal))
            {
                return new ManualPayoutOutcome(ManualPayoutDecision.SameAdmin, request);
            }
            await requests.DecideAsync(Number, ManualPayoutRequest.Approved, approver, time.GetUtcNow(), CancellationToken.None);
            // Read back: if another admin decided at the same moment, theirs is the decision.
            request = (await requests.GetAsync(Number, CancellationToken.None))!;
        }
        return await AnswerAsync(request);
    }

    private async Task<ManualPayoutOutcome> DecideRejectionAsync(string rejecter)
    {
        if (await requests.GetAsync(Number, CancellationToken.None) is not { } request)
        {
            return new ManualPayoutOutcome(ManualPayoutDecision.NoSuchRequest, null);
        }
        if (request.Status == ManualPayoutRequest.AwaitingApproval)
        {
            await requests.DecideAsync(Number, ManualPayoutRequest.Rejected, rejecter, time.GetUtcNow(), CancellationToken.None);
            request = (await requests.GetAsync(Number, CancellationToken.None))!;
        }
        return request.Status == ManualPayoutRequest.Rejected
            ? new ManualPayoutOutcome(ManualPayoutDecision.Rejected, request)
            : new ManualPayoutOutcome(ManualPayoutDecision.AlreadyApproved, request, request.PayoutId is { } id ? await payouts.GetAsync(id, CancellationToken.None) : null);
    }

    /// <summary>A decision that was taken (or found taken the same way) is audited under the admin who asked; one that
    /// was refused is not.</summary>
    private async Task<ManualPayoutOutcome> AuditedAsync(string actor, string action, ManualPayoutOutcome outcome)
    {
        if (outcome.Decision is ManualPayoutDecision.Paid or ManualPayoutDecision.AwaitingApproval or ManualPayoutDecision.Rejected
            && outcome.Request is { } request)
        {
            await audit.RecordAsync(actor, action, request.UserId,
                new { request.Number, request.Amount, payout = outcome.Payout?.PayoutId, status = outcome.Payout?.Status }, CancellationToken.None);
        }
        return outcome;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Left registered by a payment that did not finish: finish it (or, if there is nothing left to do, stop).
        if (await requests.GetAsync(Number, CancellationToken.None) is { Status: ManualPayoutRequest.Approved, PayoutId: null } request)
        {
            await AnswerAsync(request);
        }
        else
        {
            await this.ForgetReminderAsync(PayReminder);
        }
    }

    private async Task<ManualPayoutOutcome> AnswerAsync(ManualPayoutRequest request) => request.Status switch
    {
        ManualPayoutRequest.Approved => await PayApprovedAsync(request),
        ManualPayoutRequest.Rejected => new ManualPayoutOutcome(ManualPayoutDecision.AlreadyRejected, request),
        ManualPayoutRequest.AwaitingApproval => new ManualPayoutOutcome(ManualPayoutDecision.AwaitingApproval, request),
        _ => new ManualPayoutOutcome(ManualPayoutDecision.Paid, request),
    };

    private async Task<ManualPayoutOutcome> PayApprovedAsync(ManualPayoutRequest request)
    {
        var ledger = await settlement.LedgerAsync(CancellationToken.None);
        // From the first source account; an existing intent keeps the account it was recorded with.
        var payoutRequest = new PayoutRequest(request.UserId, request.Round, request.Destination, request.Amount, ledger, integrations.Banano.OperatorAccount);
        var payoutId = payoutRequest.PayoutId;
        var payout = await payouts.GetAsync(payoutId, CancellationToken.None);
        if (payout is null)
        {
            // Checked at payment, not only when asked: a ban made while the request waited for approval holds.
            var profile = await GrainFactory.GetGrain<IPlayerGrain>(request.UserId).GetProfileAsync();
            if (profile?.Ban is { } ban && ban.InForceAt(time.GetUtcNow()))
            {
                // Nothing granted yet (a grant is followed by its reservation under the same reminder, and a grant
                // without a payout only happens when a round takes it); paid, if an admin asks again, once the ban ends.
                await this.ForgetReminderAsync(PayReminder);
                return new ManualPayoutOutcome(ManualPayoutDecision.PlayerBanned, request);
            }

            var period = reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(PayReminder, period, period);
            await GrainFactory.GetGrain<IRewardAccountGrain>(request.UserId).GrantAsync($"manual:{request.Number}", request.Amount);
            // The reservation fails only when another writer appended to the account at the same moment (try again), or
            // when a settlement round reserved the grant first: that round then pays it, under the player's caps.
            for (var attempt = 0; attempt < 3 && payout is null; attempt++)
            {
                await payouts.ReserveAndRecordAsync([payoutRequest], countFirstAttempt: false, time.GetUtcNow(), CancellationToken.None);
                payout = await payouts.GetAsync(payoutId, CancellationToken.None);
            }
            if (payout is null)
            {
                await requests.SettleByRoundAsync(request.Number, CancellationToken.None);
                await this.ForgetReminderAsync(PayReminder);
                return new ManualPayoutOutcome(ManualPayoutDecision.Paid, request with { Status = ManualPayoutRequest.SettledByRound });
            }
        }
        if (payout.Status == PayoutStatus.Pending)
        {
            // The Payout grain sends it now and keeps at it (with its own reminder) until the node confirms; the admin
            // does not wait on the node.
            payout = await GrainFactory.GetGrain<IPayoutGrain>(payoutId).FollowUpAsync();
        }
        if (request.PayoutId is null)
        {
            await requests.SetPayoutAsync(request.Number, payoutId, CancellationToken.None);
            request = request with { PayoutId = payoutId };
        }
        await this.ForgetReminderAsync(PayReminder);
        return new ManualPayoutOutcome(ManualPayoutDecision.Paid, request, payout);
    }
}
