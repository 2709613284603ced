using Faucet.Configuration;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Persistence;
using Faucet.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Faucet.Payouts;

/// <summary>
/// One payout's state machine: Pending → Sent | Failed (or DryRun). The intent is stored, and a reminder set,
/// before the first send, so a crash at any later point ends with the reminder sending again under the same id.
/// Between attempts a timer backs off with jitter; the reminder is only the net under it. When the payout is
/// final the player's reward account learns the outcome (commit or release of the round's reservation), which
/// is retried too until it succeeds.
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

    public async Task<PayoutView> StartAsync(PayoutRequest request)
    {
        if (state.State.Request is { } existing)
        {
            if (existing != request)
            {
                throw new ArgumentException($"Payout {PayoutId} was started for another payment", nameof(request));
            }
            // A round asking again is also how a payout whose silo died before its reminder was set gets going.
            if (!state.State.Settled)
            {
                await this.RegisterOrUpdateReminder(RetryReminder, ReminderPeriod, ReminderPeriod);
                await AttemptAsync();
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
        await records.RecordAsync(View(), "recorded", CancellationToken.None);

        await AttemptAsync();
        return View();
    }

    public async Task<PayoutView> RetryAsync()
    {
        if (state.State.Request is null)
        {
            throw new InvalidOperationException($"No payout {PayoutId} was started");
        }
        await AttemptAsync();
        return View();
    }

    public Task<PayoutView?> GetAsync() => Task.FromResult(state.State.Request is null ? null : View());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Request is null || state.State.Settled)
        {
            await this.ForgetReminderAsync(RetryReminder);
            return;
        }
        await AttemptAsync();
    }

    private TimeSpan ReminderPeriod => reminderOptions.Value.MinimumReminderPeriod;

    private async Task AttemptAsync()
    {
        backoff?.Dispose();
        backoff = null;
        if (state.State.Status == PayoutStatus.Pending)
        {
            await SendAsync();
        }
        if (state.State.Status != PayoutStatus.Pending && !state.State.Settled)
        {
            await SettleAsync();
        }
    }

    private async Task SendAsync()
    {
        var request = state.State.Request!;
        if (integrations.DryRun && integrations.Banano.Mode == IntegrationMode.Live)
        {
            // A dry run never asks a real node to move BAN; the simulated node is itself the dry run.
            await TransitionAsync(PayoutStatus.Pending, PayoutStatus.DryRun, "dry run: not sent");
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
            await TransitionAsync(PayoutStatus.Pending, PayoutStatus.Sent, $"block {state.State.Block}");
        }
        catch (BananoNodeException e)
        {
            state.State.LastError = e.Message;
            if (state.State.Attempts >= payoutOptions.MaxPayoutAttempts)
            {
                await TransitionAsync(PayoutStatus.Pending, PayoutStatus.Failed, e.Message);
                return;
            }
            await TransitionAsync(PayoutStatus.Pending, PayoutStatus.Pending, e.Message);
            var delay = Backoff(state.State.Attempts);
            LogRetrying(logger, PayoutId, state.State.Attempts, delay.TotalSeconds, e.Message);
            backoff = this.RegisterGrainTimer(_ => AttemptAsync(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
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
        await this.ForgetReminderAsync(RetryReminder);
    }

    private async Task TransitionAsync(PayoutStatus from, PayoutStatus to, string detail)
    {
        if (state.State.Status != from)
        {
            throw new InvalidOperationException($"Payout {PayoutId} is {state.State.Status}, not {from}");
        }
        state.State.Status = to;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrRetireAsync(this);
        await records.RecordAsync(View(), detail, CancellationToken.None);
    }

    /// <summary>2, 4, 8… seconds up to five minutes, each scaled by a random 0.5–1.5 so that many payouts that
    /// failed together do not all come back at once.</summary>
    private static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)) * (0.5 + Random.Shared.NextDouble()));

    private PayoutView View() => new(
        PayoutId, state.State.Request!, state.State.Status, state.State.Attempts, state.State.Block, state.State.LastError,
        state.State.CreatedAt, state.State.UpdatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId}: attempt {Attempt} failed, trying again in {Seconds:0.0}s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string payoutId, int attempt, double seconds, string reason);
}
