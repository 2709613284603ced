using Faucet.Configuration;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Persistence;
using Faucet.Players;
using Faucet.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Faucet.Settlement;

/// <summary>
/// A settlement round: floor check, plan (seeded shuffle, stored), then one player at a time from the stored
/// cursor. For each player the steps are repeatable: an existing payout is only nudged; an existing reservation
/// is reused; otherwise the caps decide the amount, the reward account reserves it for this round, and a payout
/// is started. A reminder brings the round back after a crash; a timer drives it in short turns meanwhile.
/// </summary>
public sealed partial class SettlementRoundGrain(
    [PersistentState("round", "faucet")] IPersistentState<SettlementRoundState> state,
    [PersistentState("roundplan", "faucet")] IPersistentState<SettlementRoundPlan> plan,
    ISettlementQueries queries,
    IBananoNode node,
    PayoutOptions payout,
    IntegrationsOptions integrations,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SettlementRoundGrain> logger) : Grain, ISettlementRoundGrain, IRemindable
{
    private const string ResumeReminder = "round-resume";
    private const int PlayersPerTurn = 64;
    private const int PayoutsInFlight = 16;
    private IGrainTimer? turns;
    private CapPolicy? caps;

    private long Number => this.GetPrimaryKeyLong();

    public async Task<RoundView> StartAsync()
    {
        if (state.State.Status == RoundStatus.NotStarted)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, reminderOptions.Value.MinimumReminderPeriod, reminderOptions.Value.MinimumReminderPeriod);
            await PlanAsync();
        }
        if (state.State.Status == RoundStatus.Paying)
        {
            // KeepAlive: a long round must not be collected as idle between its turns.
            turns ??= this.RegisterGrainTimer(PayTurnAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)) { KeepAlive = true });
        }
        return View();
    }

    public Task<RoundView> GetAsync() => Task.FromResult(View());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Status is RoundStatus.Done or RoundStatus.Skipped)
        {
            await this.ForgetReminderAsync(ResumeReminder);
            return;
        }
        await StartAsync();
    }

    private async Task PlanAsync()
    {
        var now = time.GetUtcNow();
        state.State.StartedAt = now;

        var floor = integrations.Banano.MinOperatorBalanceBan;
        string? skip;
        try
        {
            var balance = (await node.GetBalanceAsync(integrations.Banano.OperatorAccount, CancellationToken.None)).Balance;
            skip = balance < floor ? $"the operator balance of {balance} BAN is below the floor of {floor} BAN" : null;
        }
        catch (BananoNodeException e)
        {
            // Without a balance there is no floor check, and without a node nothing could be paid anyway: the
            // pending amounts wait for the next round.
            skip = $"the operator balance could not be read: {e.Message}";
        }
        if (skip is not null)
        {
            state.State.Status = RoundStatus.Skipped;
            state.State.SkipReason = skip;
            state.State.FinishedAt = now;
            await state.WriteOrRetireAsync(this);
            await this.ForgetReminderAsync(ResumeReminder);
            LogSkipped(logger, Number, skip);
            return;
        }

        var candidates = await queries.PlayersWithPendingAsync(CancellationToken.None);
        state.State.Ledger = await queries.LedgerAsync(CancellationToken.None);
        state.State.Seed = Random.Shared.Next();
        plan.State.Players = SettlementPlanner.Plan(candidates, payout.SettlementOrder, state.State.Seed, payout.BatchSize).ToList();
        await plan.WriteOrRetireAsync(this);
        state.State.Planned = plan.State.Players.Count;
        state.State.Status = RoundStatus.Paying;
        await state.WriteOrRetireAsync(this);
        LogPlanned(logger, Number, state.State.Planned, candidates.Count, state.State.Seed);
    }

    private async Task PayTurnAsync(CancellationToken cancellationToken)
    {
        var end = Math.Min(state.State.Planned, state.State.Cursor + PlayersPerTurn);
        while (state.State.Cursor < end && !cancellationToken.IsCancellationRequested)
        {
            // A batch of players at once, which bounds the sends in flight toward the node. Their continuations
            // run one at a time on this grain, so the counters need no locks; the cursor moves, and is stored,
            // once the whole batch is through, so a crash mid-batch repeats the batch (every step is repeatable).
            var batch = Math.Min(PayoutsInFlight, end - state.State.Cursor);
            await Task.WhenAll(plan.State.Players.Skip(state.State.Cursor).Take(batch).Select(PayAsync));
            state.State.Cursor += batch;
            await state.WriteOrRetireAsync(this);
        }

        if (state.State.Cursor >= state.State.Planned)
        {
            state.State.Status = RoundStatus.Done;
            state.State.FinishedAt = time.GetUtcNow();
            await state.WriteOrRetireAsync(this);
            turns?.Dispose();
            turns = null;
            await this.ForgetReminderAsync(ResumeReminder);
            LogDone(logger, Number, state.State.PayoutsStarted, state.State.Total);
        }
    }

    private async Task PayAsync(string userId)
    {
        var payoutGrain = GrainFactory.GetGrain<IPayoutGrain>(PayoutRequest.IdFor(state.State.Ledger, Number, userId));
        if (await payoutGrain.GetAsync() is { } started)
        {
            // Started before a crash, after the last stored cursor: nudge it along, and count it now, since the
            // counters were stored with the cursor and so do not include it yet.
            await payoutGrain.StartAsync(started.Request);
            state.State.PayoutsStarted++;
            state.State.Total = BanAmount.FromRaw(state.State.Total.Raw + started.Request.Amount.Raw);
            return;
        }

        var account = GrainFactory.GetGrain<IRewardAccountGrain>(userId);
        var amount = await account.GetReservedAsync(Number);
        var wallet = (await GrainFactory.GetGrain<IPlayerGrain>(userId).GetProfileAsync())?.Wallet;
        if (wallet is null)
        {
            // Reserved before a crash, and the wallet is gone since: give the amount back rather than hold it.
            if (amount is not null)
            {
                await account.ReleaseAsync(Number);
            }
            state.State.SkippedNoWallet++;
            return;
        }

        if (amount is null)
        {
            caps ??= CapPolicy.From(payout);
            var now = time.GetUtcNow();
            var history = await queries.CountedPayoutsSinceAsync(userId, caps.WindowsAt(now).WeekStart, CancellationToken.None);
            var decision = caps.Decide((await account.GetBalanceAsync()).Pending, history, now);
            if (!decision.Pays)
            {
                state.State.SkippedByCaps++;
                return;
            }
            await account.ReserveAsync(Number, decision.Amount);
            amount = decision.Amount;
        }

        await payoutGrain.StartAsync(new PayoutRequest(userId, Number, wallet.Value, amount.Value, state.State.Ledger));
        state.State.PayoutsStarted++;
        state.State.Total = BanAmount.FromRaw(state.State.Total.Raw + amount.Value.Raw);
    }

    private RoundView View() => new(
        Number, state.State.Status, state.State.Seed, state.State.Planned, state.State.Cursor, state.State.PayoutsStarted,
        state.State.Total, state.State.SkippedNoWallet, state.State.SkippedByCaps, state.State.SkipReason,
        state.State.StartedAt, state.State.FinishedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement round {Round} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, long round, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement round {Round} pays {Planned} of {Candidates} players with something pending (seed {Seed})")]
    private static partial void LogPlanned(ILogger logger, long round, int planned, int candidates, int seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement round {Round} done: {Payouts} payouts, {Total} BAN")]
    private static partial void LogDone(ILogger logger, long round, int payouts, BanAmount total);
}
