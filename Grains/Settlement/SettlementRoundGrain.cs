using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Persistence;
using Faucet.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;
using System.Diagnostics;

namespace Faucet.Settlement;

/// <summary>
/// A settlement round: floor check (over the sum of the source accounts), plan (seeded shuffle, stored), then the
/// planned players in batches from the stored cursor. A batch costs a few statements however many players it holds:
/// one read of their balances, wallets, cap history and any payout this round already made them; one statement that
/// reserves and records the intents, each with the source account it goes out from; the sends, one in flight per
/// source account and every account busy; one transaction that records the node's answers with the commits.
/// Every step is repeatable, so a crash mid-batch repeats the batch: recorded payouts are sent again under
/// their ids (the node answers a repeated id with its first block) and nothing is reserved twice. A payout the
/// node did not confirm is handed to its Payout grain, which keeps trying. A reminder brings the round back
/// after a crash; a timer drives it in short turns meanwhile.
/// </summary>
public sealed partial class SettlementRoundGrain(
    [PersistentState("round", "faucet")] IPersistentState<SettlementRoundState> state,
    [PersistentState("roundplan", "faucet")] IPersistentState<SettlementRoundPlan> plan,
    ISettlementStore settlement,
    IPayoutStore payouts,
    PayoutSender sender,
    PayoutOptions payout,
    IntegrationsOptions integrations,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<SettlementBatchOptions> batching,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<SettlementRoundGrain> logger) : Grain, ISettlementRoundGrain, IRemindable
{
    private const string ResumeReminder = "round-resume";
    private const int BatchesPerTurn = 8;
    private static readonly TimeSpan TurnPeriod = TimeSpan.FromMilliseconds(1);

    /// <summary>A send's time before the round has measured one: a real node's, about two sends a second.</summary>
    private static readonly TimeSpan AssumedSendTime = TimeSpan.FromMilliseconds(250);
    private IGrainTimer? turns;
    private int failedTurns;
    private CapPolicy? caps;
    private SourceAccountPicker? sources;
    private TimeSpan? sendTime;

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
            turns ??= this.RegisterGrainTimer(PayTurnAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TurnPeriod) { KeepAlive = true });
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
        using var activity = FaucetTracing.Source.StartActivity("settlement.round.plan");
        activity?.SetTag("faucet.round", Number);
        var now = time.GetUtcNow();
        state.State.StartedAt = now;

        var floor = integrations.Banano.MinOperatorBalanceBan;
        string? skip;
        var outcome = "below_floor";
        var accounts = await ReadSourceAccountsAsync();
        if (accounts.All(a => a.Balance is null))
        {
            // Without a balance there is no floor check, and without a node nothing could be paid anyway: the
            // pending amounts wait for the next round.
            skip = $"the operator balance could not be read: {accounts[0].Error}";
            outcome = "balance_unknown";
        }
        else
        {
            // An account the node could not tell about counts for nothing; the round pays from the others.
            var balance = BanAmount.FromRaw(accounts.Aggregate(UInt128.Zero, (sum, a) => sum + (a.Balance?.Raw ?? UInt128.Zero)));
            var over = accounts.Length == 1 ? "" : $" (over {accounts.Length} source accounts)";
            skip = balance < floor ? $"the operator balance of {balance} BAN{over} is below the floor of {floor} BAN" : null;
        }
        if (skip is not null)
        {
            state.State.Status = RoundStatus.Skipped;
            state.State.SkipReason = skip;
            state.State.FinishedAt = now;
            await state.WriteOrRetireAsync(this);
            await settlement.RecordRoundAsync(View(), CancellationToken.None);
            await this.ForgetReminderAsync(ResumeReminder);
            FaucetMetrics.RoundEnded(outcome);
            activity?.SetTag("faucet.round.skipped", outcome);
            LogSkipped(logger, Number, skip);
            return;
        }

        var candidates = await settlement.PlayersWithPendingAsync(payout.MinPayoutBan, now, CancellationToken.None);
        state.State.Ledger = await settlement.LedgerAsync(CancellationToken.None);
        state.State.Seed = Random.Shared.Next();
        plan.State.Players = SettlementPlanner.Plan(candidates, payout.SettlementOrder, state.State.Seed, payout.BatchSize).ToList();
        await plan.WriteOrRetireAsync(this);
        state.State.Planned = plan.State.Players.Count;
        state.State.Status = RoundStatus.Paying;
        await state.WriteOrRetireAsync(this);
        await settlement.RecordRoundAsync(View(), CancellationToken.None);
        activity?.SetTag("faucet.round.planned", state.State.Planned);
        LogPlanned(logger, Number, state.State.Planned, candidates.Count, state.State.Seed);
    }

    /// <summary>
    /// A few batches per turn, in a pipeline: while one batch's sends are in flight, the next batch is read and
    /// reserved and the previous one's answers are recorded, so the database and the node work at the same time.
    /// The cursor and the counters move past a batch once its answers are recorded; a crash repeats what lies
    /// beyond (at most the batches of one turn), and every step of it is repeatable.
    /// </summary>
    private async Task PayTurnAsync(CancellationToken cancellationToken)
    {
        using var activity = FaucetTracing.Source.StartActivity("settlement.round.turn");
        activity?.SetTag("faucet.round", Number);
        activity?.SetTag("faucet.round.cursor", state.State.Cursor);
        try
        {
            await PayBatchesAsync(cancellationToken);
            if (failedTurns > 0)
            {
                failedTurns = 0;
                turns?.Change(TimeSpan.Zero, TurnPeriod);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database or the cluster is in trouble: back off rather than spin, and repeat from the cursor.
            failedTurns++;
            var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failedTurns)));
            activity.Fail(e);
            LogTurnFailed(logger, Number, delay.TotalSeconds, e);
            turns?.Change(delay, TurnPeriod);
        }
    }

    private async Task PayBatchesAsync(CancellationToken cancellationToken)
    {
        var turn = Stopwatch.StartNew();
        var start = state.State.Cursor;
        var taken = 0;
        List<string>? Take()
        {
            // Sizes a batch at the pace measured so far, and starts none once the turn has had its time.
            if (start >= state.State.Planned || taken == BatchesPerTurn || (taken > 0 && turn.Elapsed >= batching.Value.TurnTime))
            {
                return null;
            }
            var users = plan.State.Players.GetRange(start, Math.Min(BatchSize(), state.State.Planned - start));
            start += users.Count;
            taken++;
            return users;
        }

        if (start < state.State.Planned && !cancellationToken.IsCancellationRequested)
        {
            // Read once a turn, when none of the round's sends is in flight: each account's balance, less what the
            // turn's payouts take from it as they are given to it.
            var accounts = await ReadSourceAccountsAsync();
            if (accounts.All(a => a.Balance is null))
            {
                // Nothing could be paid from anywhere: the turn fails and is tried again soon, rather than passing every
                // player of its batches over to a later round.
                throw new BananoNodeException(BananoNodeFailure.Unreachable, $"no source account's balance could be read: {accounts[0].Error}");
            }
            sources = new SourceAccountPicker([.. accounts.Select(a => (a.Address, a.Balance))]);
            // Each account's share of a batch follows its share of the batch before, so an account goes on to the next
            // batch as soon as it is through the last, not when the slowest account is.
            var chains = new Dictionary<BananoAddress, Task>();
            var started = new List<Task>();
            T Started<T>(T task) where T : Task
            {
                started.Add(task);
                return task;
            }
            try
            {
                Task<PreparedBatch>? preparing = Started(PrepareAsync(Take()!));
                (PreparedBatch Batch, Task<PayoutOutcome[]> Sending)? previous = null;
                while (preparing is not null)
                {
                    var current = await preparing;
                    var sending = Started(SendAllAsync(current.ToSend, chains));
                    var next = Take();
                    preparing = next is null ? null : Started(PrepareAsync(next));
                    if (previous is { } done)
                    {
                        await FinishAsync(done.Batch, done.Sending);
                    }
                    previous = (current, sending);
                }
                await FinishAsync(previous!.Value.Batch, previous.Value.Sending);
            }
            finally
            {
                // Nothing a turn starts outlives it (a failed step ends the turn): the next turn, or a call between
                // turns, must not run beside it.
                await Task.WhenAll(started.Select(t => Task.WhenAny(t)));
            }
        }

        if (state.State.Cursor >= state.State.Planned)
        {
            // Published before the round is stored as done (a crash in between publishes again, as one delivery).
            await this.PublishWebhookAsync(Webhooks.WebhookEvents.RoundCompleted, $"round.completed:{state.State.Ledger}:{Number}",
                new { round = Number, planned = state.State.Planned, payouts = state.State.PayoutsStarted, total = state.State.Total, finishedAt = time.GetUtcNow() },
                time.GetUtcNow(), logger);
            state.State.Status = RoundStatus.Done;
            state.State.FinishedAt = time.GetUtcNow();
            await state.WriteOrRetireAsync(this);
            turns?.Dispose();
            turns = null;
            await settlement.RecordRoundAsync(View(), CancellationToken.None);
            await this.ForgetReminderAsync(ResumeReminder);
            FaucetMetrics.RoundPaid(state.State.FinishedAt.Value - state.State.StartedAt.GetValueOrDefault(state.State.FinishedAt.Value), state.State.PayoutsStarted);
            LogDone(logger, Number, state.State.PayoutsStarted, state.State.Total);
        }
    }

    /// <summary>A batch read and decided, its new payouts reserved and recorded, and what it has to send.</summary>
    private sealed class PreparedBatch(int players)
    {
        public int Players { get; } = players;
        public List<PayoutView> ToSend { get; } = [];
        public List<string> HandOver { get; } = [];
        public int Payouts { get; set; }
        public UInt128 Total { get; set; }
        public int NoWallet { get; set; }
        public int ByCaps { get; set; }
        public int ByBalance { get; set; }

        public void Count(PayoutRequest request)
        {
            Payouts++;
            Total += request.Amount.Raw;
        }
    }

    private sealed record Sent(PreparedBatch Batch, PayoutOutcome[] Outcomes);

    /// <summary>Waits for a batch's answers, records them and moves the cursor past it.</summary>
    private async Task FinishAsync(PreparedBatch batch, Task<PayoutOutcome[]> sending)
    {
        await RecordAsync(new Sent(batch, await sending));
        await AdvanceAsync(batch);
    }

    /// <summary>Moves the cursor and the counters past a batch whose answers are recorded, and stores them.</summary>
    private async Task AdvanceAsync(PreparedBatch batch)
    {
        state.State.Cursor += batch.Players;
        state.State.PayoutsStarted += batch.Payouts;
        state.State.Total = BanAmount.FromRaw(state.State.Total.Raw + batch.Total);
        state.State.SkippedNoWallet += batch.NoWallet;
        state.State.SkippedByCaps += batch.ByCaps;
        state.State.SkippedByBalance += batch.ByBalance;
        await state.WriteOrRetireAsync(this);
    }

    private async Task<PreparedBatch> PrepareAsync(List<string> users)
    {
        var batch = new PreparedBatch(users.Count);
        var resend = new List<PayoutView>();
        caps ??= CapPolicy.From(payout);
        var accounts = sources!;

        // A player whose account another writer touched at the very moment of the reservation is read and
        // decided again; after three tries they wait for the next round.
        var undecided = users;
        for (var pass = 0; pass < 3 && undecided.Count > 0; pass++)
        {
            var now = time.GetUtcNow();
            var players = await settlement.LoadBatchAsync(state.State.Ledger, Number, undecided, caps.WindowsAt(now).WeekStart, now, CancellationToken.None);
            var fresh = new List<PayoutRequest>();
            foreach (var player in players)
            {
                if (player.Payout is { } existing)
                {
                    // Recorded before a crash, after the last stored cursor: count it now (the counters were stored
                    // with the cursor), and send it again unless its grain has taken it over.
                    batch.Count(existing.Request);
                    if (existing.Status == PayoutStatus.Pending)
                    {
                        if (existing.NextAttemptAt is null)
                        {
                            resend.Add(existing);
                            accounts.Queue(integrations.Banano.SourceOf(existing.Request));
                        }
                        else
                        {
                            batch.HandOver.Add(existing.PayoutId);
                        }
                    }
                    continue;
                }
                if (player.Wallet is not { } wallet)
                {
                    batch.NoWallet++;
                    continue;
                }
                var decision = caps.Decide(player.Pending, player.History, now);
                if (decision.Pays && accounts.Pick(decision.Amount) is { } source)
                {
                    fresh.Add(new PayoutRequest(player.UserId, Number, wallet, decision.Amount, state.State.Ledger, source));
                }
                else if (decision.Pays)
                {
                    // No source account has the balance for it now: nothing is reserved, and it waits for a later round.
                    batch.ByBalance++;
                }
                else if (decision.LimitedBy != CapLimit.NothingPending)
                {
                    batch.ByCaps++;
                }
            }

            var recorded = await payouts.ReserveAndRecordAsync(fresh, countFirstAttempt: !sender.DryRun, now, CancellationToken.None);
            foreach (var request in fresh.Where(r => recorded.Contains(r.PayoutId)))
            {
                batch.Count(request);
                batch.ToSend.Add(new PayoutView(request.PayoutId, request, PayoutStatus.Pending, sender.DryRun ? 0 : 1, null, null, now, now));
            }
            undecided = [];
            foreach (var request in fresh.Where(r => !recorded.Contains(r.PayoutId)))
            {
                accounts.GiveBack(request.Source!.Value, request.Amount);
                undecided.Add(request.UserId);
            }
        }

        if (resend.Count > 0)
        {
            batch.ToSend.AddRange(sender.DryRun ? resend : await payouts.CountAttemptsAsync(resend.Select(p => p.PayoutId).ToList(), time.GetUtcNow(), CancellationToken.None));
        }
        return batch;
    }

    /// <summary>Records a batch's answers (with their commits and releases), tells the feed, and hands the payouts
    /// the node did not confirm to their grains.</summary>
    private async Task RecordAsync(Sent sent)
    {
        var completedAt = time.GetUtcNow();
        var changed = await payouts.CompleteAsync(sent.Outcomes, completedAt, CancellationToken.None);
        foreach (var (payout, _) in sent.Batch.ToSend.Zip(sent.Outcomes).Where(p => p.Second.Status == PayoutStatus.DryRun && changed.Contains(p.Second.PayoutId)))
        {
            FaucetMetrics.PayoutFinished("dry_run", payout.Request.Amount);
        }

        var confirmed = sent.Batch.ToSend.Zip(sent.Outcomes)
            .Where(p => p.Second.Status == PayoutStatus.Sent && changed.Contains(p.Second.PayoutId))
            .Select(p => p.First with { Status = PayoutStatus.Sent, Block = p.Second.Block, UpdatedAt = completedAt })
            .ToList();
        await this.AnnounceSentAsync(confirmed, logger);
        await this.AnnounceFailedAsync(sent.Batch.ToSend.Zip(sent.Outcomes)
            .Where(p => p.Second.Status == PayoutStatus.Failed && changed.Contains(p.Second.PayoutId))
            .Select(p => p.First with { Status = PayoutStatus.Failed, LastError = p.Second.Error, UpdatedAt = completedAt })
            .ToList(), logger);

        await Task.WhenAll(sent.Batch.HandOver
            .Concat(sent.Outcomes.Where(o => o.Status == PayoutStatus.Pending).Select(o => o.PayoutId))
            .Select(id => GrainFactory.GetGrain<IPayoutGrain>(id).FollowUpAsync()));
    }

    /// <summary>Sends the batch over every source account at once, each account's payouts one after another in the
    /// batch's order and after its share of the batch before (<paramref name="chains"/>: each account's last sends).</summary>
    private async Task<PayoutOutcome[]> SendAllAsync(List<PayoutView> toSend, Dictionary<BananoAddress, Task> chains)
    {
        var outcomes = new PayoutOutcome[toSend.Count];
        var shares = new List<Task>();
        foreach (var share in toSend.Select((payout, i) => (Payout: payout, Index: i)).GroupBy(p => integrations.Banano.SourceOf(p.Payout.Request)))
        {
            var sends = SendShareAsync(share.Key, [.. share], chains.GetValueOrDefault(share.Key) ?? Task.CompletedTask, outcomes);
            chains[share.Key] = sends;
            shares.Add(sends);
        }
        await Task.WhenAll(shares);
        return outcomes;
    }

    /// <summary>One account's share of a batch, once <paramref name="before"/> (its share of the batch before) is over,
    /// however that ended: a failure there is that batch's to report. Measures the node's pace for the next batches.</summary>
    private async Task SendShareAsync(BananoAddress source, List<(PayoutView Payout, int Index)> share, Task before, PayoutOutcome[] outcomes)
    {
        await Task.WhenAny(before);
        var account = GrainFactory.GetGrain<IOperatorWalletGrain>(source.Value);
        foreach (var (payout, i) in share)
        {
            var started = Stopwatch.GetTimestamp();
            outcomes[i] = await account.SendAsync(payout);
            if (outcomes[i].Status == PayoutStatus.Sent)
            {
                // The continuations run one at a time on this grain: no lock.
                var took = Stopwatch.GetElapsedTime(started);
                sendTime = sendTime is { } earlier ? earlier * 0.8 + took * 0.2 : took;
            }
        }
    }

    /// <summary>Players in the next batch: as many as the funded source accounts send in about
    /// <see cref="SettlementBatchOptions.BatchTime"/> at the measured pace, so that each account has a share of several
    /// sends; up to <see cref="SettlementBatchOptions.PlayersPerBatch"/>.</summary>
    private int BatchSize()
    {
        var options = batching.Value;
        var perAccount = Math.Max(1, options.BatchTime / Max(sendTime ?? AssumedSendTime, TimeSpan.FromMilliseconds(1)));
        return (int)Math.Clamp(Math.Max(1, sources!.Funded) * perAccount, 1, Math.Max(1, options.PlayersPerBatch));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Every source account rounds pay from, with its balance now (null, with the reason, when the node
    /// could not say).</summary>
    private async Task<SourceAccountView[]> ReadSourceAccountsAsync() =>
        await Task.WhenAll(integrations.Banano.PayingAccounts.Select(a => GrainFactory.GetGrain<IOperatorWalletGrain>(a.Value).GetAsync()));

    private RoundView View() => new(
        Number, state.State.Status, state.State.Seed, state.State.Planned, state.State.Cursor, state.State.PayoutsStarted,
        state.State.Total, state.State.SkippedNoWallet, state.State.SkippedByCaps, state.State.SkipReason,
        state.State.StartedAt, state.State.FinishedAt, state.State.SkippedByBalance, EstimatedEnd());

    /// <summary>While paying, the end at the pace of the players done so far (none until a batch is).</summary>
    private DateTimeOffset? EstimatedEnd()
    {
        if (state.State is not { Status: RoundStatus.Paying, Cursor: > 0, StartedAt: { } started } round)
        {
            return null;
        }
        var now = time.GetUtcNow();
        return now + (now - started) * ((double)(round.Planned - round.Cursor) / round.Cursor);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement round {Round}: a turn failed, trying again from the cursor in {Seconds}s")]
    private static partial void LogTurnFailed(ILogger logger, long round, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement round {Round} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, long round, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement round {Round} pays {Planned} of {Candidates} players with something pending (seed {Seed})")]
    private static partial void LogPlanned(ILogger logger, long round, int planned, int candidates, int seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement round {Round} done: {Payouts} payouts, {Total} BAN")]
    private static partial void LogDone(ILogger logger, long round, int payouts, BanAmount total);
}
