using Faucet.Audit;
using Faucet.Hosting;
using Faucet.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Payouts;

/// <summary>
/// A payout its round could not finish at once. Its state is its row in the payouts table (which the round
/// wrote), read afresh for every call, since the round and an operator's retry write it too. While it is pending
/// a reminder brings it back after a crash, and a timer makes the next attempt when the backoff is over; once it
/// is final the reminder is forgotten.
/// </summary>
public sealed partial class PayoutGrain(
    IPayoutStore store,
    PayoutSender sender,
    Configuration.IntegrationsOptions integrations,
    IAuditLog audit,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PayoutGrain> logger) : Grain, IPayoutGrain, IRemindable
{
    private const string RetryReminder = "payout-retry";

    private string PayoutId => this.GetPrimaryKeyString();

    private OneShotTimer Backoff => field ??= new(this, "payout backoff", AttemptIfPendingAsync, logger);

    public async Task<PayoutView> FollowUpAsync()
    {
        var payout = await LoadAsync();
        if (payout.Status == PayoutStatus.Pending)
        {
            // Only scheduled here, never attempted: a round hands over many payouts at once and must not wait for
            // the node on each.
            await KeepRemindingAsync();
            ScheduleAttempt(payout);
        }
        return payout;
    }

    public async Task<PayoutRetry> RetryAsync(string actor)
    {
        var retry = await store.GetAsync(PayoutId, CancellationToken.None) switch
        {
            null => new PayoutRetry(PayoutRetryDecision.NoSuchPayout, null),
            { Status: PayoutStatus.Pending } pending => new PayoutRetry(PayoutRetryDecision.Attempted, await AttemptAsync(pending)),
            { Status: PayoutStatus.Sent } sent => new PayoutRetry(PayoutRetryDecision.AlreadySent, sent),
            var final => new PayoutRetry(PayoutRetryDecision.Final, final),
        };
        if (retry.Decision is PayoutRetryDecision.Attempted or PayoutRetryDecision.AlreadySent)
        {
            var result = retry.Decision == PayoutRetryDecision.Attempted ? "attempted" : "already_sent";
            await audit.RecordAsync(actor, "payout.retry", $"payout:{PayoutId}", new { Result = result, retry.Payout!.Status }, CancellationToken.None);
        }
        return retry;
    }

    public Task<PayoutView?> GetAsync() => store.GetAsync(PayoutId, CancellationToken.None);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await store.GetAsync(PayoutId, CancellationToken.None) is { Status: PayoutStatus.Pending } payout)
        {
            await AttemptWhenDueAsync(payout);
        }
        else
        {
            await this.ForgetReminderAsync(RetryReminder);
        }
    }

    private async Task KeepRemindingAsync()
    {
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(RetryReminder, period, period);
    }

    private async Task<PayoutView> LoadAsync() =>
        await store.GetAsync(PayoutId, CancellationToken.None) ?? throw new KeyNotFoundException($"No payout {PayoutId} was recorded");

    /// <summary>Attempts now if the backoff is over, else makes sure a timer will.</summary>
    private async Task AttemptWhenDueAsync(PayoutView payout)
    {
        if ((payout.NextAttemptAt ?? DateTimeOffset.MinValue) <= time.GetUtcNow())
        {
            await AttemptAsync(payout);
        }
        else
        {
            ScheduleAttempt(payout);
        }
    }

    /// <summary>A timer makes the next attempt when the backoff is over (at once if it is).</summary>
    private void ScheduleAttempt(PayoutView payout)
    {
        var wait = payout.NextAttemptAt is { } next ? next - time.GetUtcNow() : TimeSpan.Zero;
        Backoff.Schedule(wait);
    }

    /// <summary>The timer's work: attempts whatever the faucet's clock says, since the timer has waited out the
    /// backoff on the system's clock (a faucet clock that stands still must not hold a payout back for good).</summary>
    private async Task AttemptIfPendingAsync()
    {
        if (await store.GetAsync(PayoutId, CancellationToken.None) is { Status: PayoutStatus.Pending } payout)
        {
            await AttemptAsync(payout);
        }
    }

    private async Task<PayoutView> AttemptAsync(PayoutView payout)
    {
        Backoff.Cancel();
        if (!sender.DryRun)
        {
            // Counted before the call, so attempts survive a crash in the middle of one.
            if ((await store.CountAttemptsAsync([PayoutId], time.GetUtcNow(), CancellationToken.None)).SingleOrDefault() is not { } counted)
            {
                return await LoadAsync();
            }
            payout = counted;
        }

        var outcome = await GrainFactory.GetGrain<IOperatorWalletGrain>(integrations.Banano.SourceOf(payout.Request).Value).SendAsync(payout);
        var changed = await store.CompleteAsync([outcome], time.GetUtcNow(), CancellationToken.None);
        var now = await LoadAsync();
        switch (now.Status)
        {
            case PayoutStatus.Pending:
                LogRetrying(logger, PayoutId, now.Attempts, now.NextAttemptAt, now.LastError);
                await KeepRemindingAsync();
                ScheduleAttempt(now);
                break;
            case PayoutStatus.Sent when changed.Contains(PayoutId):
                await this.AnnounceSentAsync([now], logger);
                await this.ForgetReminderAsync(RetryReminder);
                break;
            case PayoutStatus.Failed when changed.Contains(PayoutId):
                await this.AnnounceFailedAsync([now], logger);
                await this.ForgetReminderAsync(RetryReminder);
                break;
            case PayoutStatus.DryRun when changed.Contains(PayoutId):
                FaucetMetrics.PayoutFinished("dry_run", now.Request.Amount);
                await this.ForgetReminderAsync(RetryReminder);
                break;
            default:
                await this.ForgetReminderAsync(RetryReminder);
                break;
        }
        return now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId}: attempt {Attempt} failed, next at {NextAttemptAt:u}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string payoutId, int attempt, DateTimeOffset? nextAttemptAt, string? reason);
}
