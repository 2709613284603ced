using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Integrations.Banano;
using Faucet.Persistence;
using Faucet.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Faucet.Payouts;

/// <summary>
/// One payout's state machine: Pending → Sent | Failed, or DryRun. The retry reminder is set and the intent
/// stored before the first send, so a crash at any later point ends with the reminder sending again under the
/// same id. Between attempts a timer backs off with jitter; nudges in between do not add attempts.
/// <para>
/// A payout fails only on a definite refusal by the node (the node answers a repeated id with its first block,
/// so a refusal means nothing was sent). While the node does not answer, or answers nonsense, the payout stays
/// pending and keeps trying: giving up then could pay the player twice, once by this send and once by a later
/// round. When the payout is final the reward account learns the outcome (commit or release of the round's
/// reservation) and the payouts table its status; both are retried until done.
/// </para>
/// </summary>
public sealed partial class PayoutGrain(
    [PersistentState("payout", "faucet")] IPersistentState<PayoutState> state,
    IBananoNode node,
    IPayoutRecords records,
    IntegrationsOptions integrations,
    PayoutOptions payoutOptions,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<PayoutGrain> logger) : Grain, IPayoutGrain, IRemindable
{
    private const string RetryReminder = "payout-retry";
    private IGrainTimer? backoff;

    private string PayoutId => this.GetPrimaryKeyString();

    private TimeSpan ReminderPeriod => reminderOptions.Value.MinimumReminderPeriod;

    public async Task<PayoutView> StartAsync(PayoutRequest request)
    {
        if (state.State.Request is { } existing)
        {
            if (existing != request)
            {
                throw new ArgumentException($"Payout {PayoutId} was started for another payment", nameof(request));
            }
            // A round asking again is also how a payout whose silo died before its reminder was set gets going.
            if (!IsComplete)
            {
                await this.RegisterOrUpdateReminder(RetryReminder, ReminderPeriod, ReminderPeriod);
                await AdvanceAsync(force: false);
            }
            return View();
        }
        if (request.PayoutId != PayoutId)
        {
            throw new ArgumentException($"A payout for round {request.Round} and user {request.UserId} has the id {request.PayoutId}, not {PayoutId}", nameof(request));
        }

        // The reminder first: from the moment the intent is stored, something will come back for it.
        await this.RegisterOrUpdateReminder(RetryReminder, ReminderPeriod, ReminderPeriod);
        var now = time.GetUtcNow();
        state.State.Request = request;
        state.State.Status = PayoutStatus.Pending;
        state.State.CreatedAt = now;
        state.State.UpdatedAt = now;
        await state.WriteOrRetireAsync(this);

        await AdvanceAsync(force: true);
        return View();
    }

    public async Task<PayoutView> RetryAsync()
    {
        if (state.State.Request is null)
        {
            throw new InvalidOperationException($"No payout {PayoutId} was started");
        }
        await AdvanceAsync(force: true);
        return View();
    }

    public Task<PayoutView?> GetAsync() => Task.FromResult(state.State.Request is null ? null : View());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Request is null || IsComplete)
        {
            await this.ForgetReminderAsync(RetryReminder);
            return;
        }
        await AdvanceAsync(force: false);
    }

    private bool IsComplete => state.State.Settled && state.State.RecordedStatus == state.State.Status;

    /// <summary>Does whatever the payout still needs: record, send (when due, or when <paramref name="force"/>d),
    /// tell the reward account, and finally forget the reminder.</summary>
    private async Task AdvanceAsync(bool force)
    {
        await RecordAsync("recorded");
        if (state.State.Status == PayoutStatus.Pending && (force || !(time.GetUtcNow() < state.State.NextAttemptAt)))
        {
            backoff?.Dispose();
            backoff = null;
            await SendAsync();
        }
        if (state.State.Status != PayoutStatus.Pending && !state.State.Settled)
        {
            await SettleAsync();
        }
        if (IsComplete)
        {
            await this.ForgetReminderAsync(RetryReminder);
        }
    }

    private async Task SendAsync()
    {
        var request = state.State.Request!;
        if (integrations.DryRun)
        {
            await TransitionAsync(PayoutStatus.DryRun, "dry run: planned and recorded, not sent");
            return;
        }

        // The attempt is counted before the call, so attempts survive a crash in the middle of one.
        state.State.Attempts++;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrRetireAsync(this);

        var send = new BananoSend(integrations.Banano.WalletId, integrations.Banano.OperatorAccount, request.Destination, request.Amount, PayoutId);
        try
        {
            state.State.Block = await node.SendAsync(send, CancellationToken.None);
            state.State.LastError = null;
            await TransitionAsync(PayoutStatus.Sent, $"block {state.State.Block}");
            await AnnounceAsync();
        }
        catch (BananoNodeException e)
        {
            state.State.LastError = e.Message;
            var refused = e.Failure is BananoNodeFailure.Rejected or BananoNodeFailure.InsufficientBalance;
            if (refused && state.State.Attempts >= payoutOptions.MaxPayoutAttempts)
            {
                await TransitionAsync(PayoutStatus.Failed, e.Message);
                return;
            }

            var delay = Backoff(state.State.Attempts);
            state.State.NextAttemptAt = time.GetUtcNow() + delay;
            await TransitionAsync(PayoutStatus.Pending, e.Message);
            LogRetrying(logger, PayoutId, state.State.Attempts, delay.TotalSeconds, e.Message);
            backoff = this.RegisterGrainTimer(_ => AdvanceAsync(force: true), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        }
    }

    private async Task SettleAsync()
    {
        var request = state.State.Request!;
        var account = GrainFactory.GetGrain<IRewardAccountGrain>(request.UserId);
        if (state.State.Status == PayoutStatus.Sent)
        {
            await account.CommitAsync(request.Round);
        }
        else
        {
            await account.ReleaseAsync(request.Round);
        }
        state.State.Settled = true;
        await state.WriteOrRetireAsync(this);
    }

    private async Task TransitionAsync(PayoutStatus to, string detail)
    {
        state.State.Status = to;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrRetireAsync(this);
        await RecordAsync(detail, always: to == PayoutStatus.Pending);
    }

    /// <summary>Tells the live feed. Best effort: the payout is sent and recorded either way, and the feed's history
    /// can be rebuilt from the payouts table, so a failure here is logged and not retried.</summary>
    private async Task AnnounceAsync()
    {
        var request = state.State.Request!;
        try
        {
            await this.GetStreamProvider(FeedStreams.ProviderName).GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey)).OnNextAsync(
                new PayoutSentEvent(PayoutId, request.UserId, request.Round, request.Destination, request.Amount, state.State.Block!.Value, state.State.UpdatedAt));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, PayoutId, e);
        }
    }

    /// <summary>Writes the payout's row (and a history event) when the table lags the grain, or always for a
    /// failed attempt, so the history shows every error.</summary>
    private async Task RecordAsync(string detail, bool always = false)
    {
        if (!always && state.State.RecordedStatus == state.State.Status)
        {
            return;
        }
        await records.RecordAsync(View(), detail, CancellationToken.None);
        state.State.RecordedStatus = state.State.Status;
        await state.WriteOrRetireAsync(this);
    }

    /// <summary>2, 4, 8… seconds up to five minutes, each scaled by a random 0.5–1.5 so that many payouts that
    /// failed together do not all come back at once.</summary>
    private static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)) * (0.5 + Random.Shared.NextDouble()));

    private PayoutView View() => new(
        PayoutId, state.State.Request!, state.State.Status, state.State.Attempts, state.State.Block, state.State.LastError,
        state.State.CreatedAt, state.State.UpdatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId} was sent but the feed was not told")]
    private static partial void LogAnnounceFailed(ILogger logger, string payoutId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId}: attempt {Attempt} failed, trying again in {Seconds:0.0}s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string payoutId, int attempt, double seconds, string reason);
}
