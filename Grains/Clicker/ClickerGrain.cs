using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Leaderboards;
using Faucet.Money;
using Faucet.Persistence;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Faucet.Telemetry;

namespace Faucet.Clicker;

/// <summary>
/// One player's clicker. Each click is judged (ban in force, machine-like timing, empty bucket), recorded in
/// <c>click_events</c> with its answer before it is answered, and remembered by client nonce. Accepted clicks are
/// accrued to the reward account in runs every <c>accrue_every_seconds</c>; the journal keeps how far, so a run is
/// never accrued twice. While clicks wait to be accrued a reminder is registered, so that clicks recorded just
/// before a crash are accrued by a fresh activation even if the player never comes back.
/// </summary>
public sealed partial class ClickerGrain(
    [PersistentState("clicker", "faucet")] IPersistentState<ClickerState> state,
    IClickStore store,
    IAuditLog audit,
    PayoutOptions payout,
    IntegrationsOptions integrations,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<ClickerGrain> logger) : Grain, IClickerGrain, IRemindable
{
    private const string AccrueReminder = "clicks-accrue";

    /// <summary>Nonces answered from memory; older ones are answered from the click log.</summary>
    private const int RememberedAnswers = 64;

    private readonly Dictionary<string, ClickAnswer> answers = new(StringComparer.Ordinal);
    private readonly Queue<string> answerOrder = new();
    private readonly CapPolicy calendar = CapPolicy.From(payout);
    private ClickScorer scorer = null!;
    private TokenBucket bucket = null!;
    private CapWindows windows = null!;
    private long lastSeq;
    private long accruedThrough;
    private long checkedThrough;
    private long today;
    private long thisWeek;
    private long allTime;
    private bool reminding;
    private bool logUnheard;

    private string UserId => this.GetPrimaryKeyString();

    // Interleaved: the accrual awaits the reward account and the database, and a player's clicks are not to queue behind
    // it. Each accrual takes the clicks recorded by then and the journal leaves out what it has, so two at once, or a
    // click recorded meanwhile, accrue each click once (the next accrual takes the newer ones).
    private OneShotTimer Accrual => field ??= new(this, "click accrual", AccrueOnTimerAsync, logger, interleave: true);

    private ClickerOptions Rules => payout.Clicker;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var history = await ReadLogAsync(cancellationToken);
        // Clicks left waiting by an earlier activation have a reminder registered: this one forgets it when done.
        reminding = history.MayHaveUnaccrued;
        scorer = new ClickScorer(integrations.AbuseHeuristics);
        bucket = new TokenBucket(Rules.BucketCapacity, Rules.RefillPerSecond, now);
        if (history.MayHaveUnaccrued)
        {
            ScheduleAccrual(TimeSpan.Zero);
        }
    }

    /// <summary>Counts, sequence and the latest answers as the click log has them.</summary>
    private async Task<ClickHistory> ReadLogAsync(CancellationToken cancellationToken)
    {
        windows = calendar.WindowsAt(time.GetUtcNow());
        var history = await store.LoadAsync(UserId, windows.DayStart, windows.WeekStart, RememberedAnswers, cancellationToken);
        (lastSeq, accruedThrough, today, thisWeek, allTime) = (history.LastSeq, history.AccruedThrough, history.Today, history.ThisWeek, history.AllTime);
        checkedThrough = accruedThrough;
        foreach (var click in history.Recent.Reverse())
        {
            Remember(click.ClientNonce, AnswerFor(click));
        }
        return history;
    }

    /// <summary>
    /// After a click whose write went unanswered this activation does not know whether the click is in the log, so it
    /// reads the log again before it answers or accrues anything. It stays active meanwhile: a fresh activation would
    /// read the same log, but while the database is away every attempt to activate fails, and Orleans then holds the
    /// grain's calls for seconds after the database is back.
    /// </summary>
    private async Task CatchUpWithLogAsync()
    {
        if (logUnheard)
        {
            var history = await ReadLogAsync(CancellationToken.None);
            reminding |= history.MayHaveUnaccrued;
            logUnheard = false;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The reminder brings the clicks in on a silo that stays (or on this one when it is back).
            return;
        }
        try
        {
            await AccrueAsync();
            if (reminding && checkedThrough >= lastSeq)
            {
                await this.ForgetReminderAsync(AccrueReminder);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The reminder stays and brings the clicks back to be accrued.
            LogAccrualFailed(logger, UserId, e);
        }
    }

    public async Task<ClickAnswer> ClickAsync(ClickRequest click)
    {
        if (ClickRequest.NonceProblem(click.ClientNonce) is { } problem)
        {
            throw new ArgumentException(problem, nameof(click));
        }
        await CatchUpWithLogAsync();
        if (answers.TryGetValue(click.ClientNonce, out var first))
        {
            return first;
        }

        var now = time.GetUtcNow();
        RollWindows(now);
        var verdict = scorer.Observe(now);
        var outcome = ClickOutcome.Accepted;
        DateTimeOffset? retryAt = null;
        var bans = false;
        DateTimeOffset? bannedUntil = null;
        if (state.State.OperatorBan is { } operatorBan && operatorBan.InForceAt(now))
        {
            outcome = ClickOutcome.Banned;
            bannedUntil = operatorBan.Until;
        }
        else if (state.State.BannedUntil is { } until && until > now)
        {
            outcome = ClickOutcome.Banned;
            bannedUntil = until;
        }
        else if (verdict.IsBot)
        {
            // The ban itself is stored once the click is known to be new (below).
            outcome = ClickOutcome.Banned;
            bans = true;
        }
        else if (!bucket.TryTake(now, out var nextTokenAt))
        {
            outcome = ClickOutcome.RateLimited;
            retryAt = nextTokenAt;
        }

        if (outcome == ClickOutcome.Accepted && !reminding)
        {
            // Before the click is recorded: no accepted click may exist without a reminder to accrue it.
            await this.RegisterOrUpdateReminder(AccrueReminder, reminderOptions.Value.MinimumReminderPeriod, reminderOptions.Value.MinimumReminderPeriod);
            reminding = true;
        }

        var reward = outcome == ClickOutcome.Accepted ? Rules.RewardBanPerClick : BanAmount.Zero;
        // At the log's precision (microseconds), so an answer read back from it is the same.
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        var record = new ClickRecord(UserId, lastSeq + 1, click.ClientNonce, at, outcome, reward, click.IpHash, click.AgentHash);
        ClickRecord? earlier;
        try
        {
            earlier = await store.AppendAsync(record, CancellationToken.None);
        }
        catch
        {
            // The insert may have committed unheard.
            logUnheard = true;
            throw;
        }
        if (earlier is not null)
        {
            // A repeat of a click older than the answers kept in memory: it changes nothing, not even the pace.
            if (outcome == ClickOutcome.Accepted)
            {
                bucket.GiveBack();
            }
            var firstAnswer = AnswerFor(earlier);
            Remember(click.ClientNonce, firstAnswer);
            return firstAnswer;
        }

        lastSeq = record.Seq;
        if (bans)
        {
            await BanAsync(verdict, now);
            bannedUntil = state.State.BannedUntil;
        }
        if (outcome == ClickOutcome.Accepted)
        {
            today++;
            thisWeek++;
            allTime++;
            ScheduleAccrual(TimeSpan.FromSeconds(Rules.AccrueEverySeconds));
        }
        var answer = new ClickAnswer(outcome, record.Seq, reward, Counts(), retryAt, bannedUntil, at);
        Remember(click.ClientNonce, answer);
        FaucetMetrics.Clicked(outcome == ClickOutcome.RateLimited ? "rate_limited" : outcome.ToString().ToLowerInvariant());
        return answer;
    }

    public Task AccrueAsync() => AccrueThroughAsync();

    public async Task SetOperatorBanAsync(PlayerBan? ban)
    {
        if (state.State.OperatorBan != ban)
        {
            state.State.OperatorBan = ban;
            await state.WriteOrRetireAsync(this);
        }
        // Answers kept for repeated nonces stay as they were: a repeat gets its first answer.
    }

    public async Task<ClickerView> GetAsync()
    {
        await CatchUpWithLogAsync();
        RollWindows(time.GetUtcNow());
        return new ClickerView(Counts(), lastSeq, accruedThrough, state.State.BannedUntil, state.State.BanReason, state.State.Bans, state.State.OperatorBan);
    }

    /// <summary>The reminder's work is done by activating the grain (which accrues what it finds waiting); a live
    /// activation leaves accruing to its timer, and forgets the reminder once nothing waits.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await CatchUpWithLogAsync();
        if (checkedThrough < lastSeq)
        {
            ScheduleAccrual(TimeSpan.FromSeconds(Rules.AccrueEverySeconds));
        }
        else
        {
            await this.ForgetReminderAsync(AccrueReminder);
            reminding = false;
        }
    }

    /// <summary>Accrues every click recorded so far (the journal leaves out what it already has), then tells the
    /// player's channel and the clicks leaderboard.</summary>
    private async Task AccrueThroughAsync()
    {
        await CatchUpWithLogAsync();
        if (checkedThrough >= lastSeq)
        {
            return;
        }
        var through = lastSeq;
        var accrued = await GrainFactory.GetGrain<IRewardAccountGrain>(UserId).AccrueRecordedClicksAsync(through);
        // Another accrual may have finished meanwhile (the timer's interleaves with the reminder's): never move back.
        accruedThrough = Math.Max(accruedThrough, accrued.AccruedThrough);
        checkedThrough = Math.Max(checkedThrough, through);
        if (accrued.Entry is not null)
        {
            await AnnounceAsync();
        }
    }

    private void ScheduleAccrual(TimeSpan due) => Accrual.Schedule(due);

    private async Task AccrueOnTimerAsync()
    {
        try
        {
            await AccrueThroughAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAccrualFailed(logger, UserId, e);
            ScheduleAccrual(TimeSpan.FromSeconds(Rules.AccrueEverySeconds));
        }
    }

    private async Task BanAsync(ClickVerdict verdict, DateTimeOffset now)
    {
        var until = now + TimeSpan.FromMinutes(integrations.AbuseHeuristics.BanMinutes);
        state.State.BannedUntil = until;
        state.State.BanReason = verdict.BotReason;
        state.State.Bans++;
        await state.WriteOrRetireAsync(this);
        LogBanned(logger, UserId, verdict.BotReason!, until);
        try
        {
            await audit.RecordAsync("clicker", "clicker.banned", UserId,
                new { reason = verdict.BotReason, clicksLastSecond = verdict.ClicksLastSecond, jitterMs = verdict.JitterMs, until, bans = state.State.Bans },
                CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAuditFailed(logger, UserId, e);
        }
    }

    /// <summary>Best effort, like every feed event: the counts are in the click log either way.</summary>
    private async Task AnnounceAsync()
    {
        var counts = new ClickCountsEvent(UserId, Counts(), time.GetUtcNow());
        var streams = this.GetStreamProvider(FeedStreams.ProviderName);
        foreach (var stream in new[] { StreamId.Create(FeedStreams.AccountNamespace, UserId), StreamId.Create(FeedStreams.LeaderboardNamespace, Boards.Clicks) })
        {
            try
            {
                await streams.GetStream<ClickCountsEvent>(stream).OnNextAsync(counts);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogAnnounceFailed(logger, UserId, stream.ToString(), e);
            }
        }
    }

    private void RollWindows(DateTimeOffset now)
    {
        if (now < windows.DayEnd)
        {
            return;
        }
        var next = calendar.WindowsAt(now);
        today = 0;
        if (next.WeekStart != windows.WeekStart)
        {
            thisWeek = 0;
        }
        windows = next;
    }

    private ClickCounts Counts() => new(today, thisWeek, allTime, windows.DayStart, windows.WeekStart);

    private ClickAnswer AnswerFor(ClickRecord click) =>
        new(click.Outcome, click.Seq, click.Reward, Counts(), null, click.Outcome == ClickOutcome.Banned ? state.State.BannedUntil : null, click.At);

    private void Remember(string nonce, ClickAnswer answer)
    {
        if (answers.TryAdd(nonce, answer))
        {
            answerOrder.Enqueue(nonce);
            if (answerOrder.Count > RememberedAnswers)
            {
                answers.Remove(answerOrder.Dequeue());
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clicker {UserId} banned for clicking {Reason} until {Until}")]
    private static partial void LogBanned(ILogger logger, string userId, string reason, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "The clicker ban of {UserId} is in force but not in the audit log")]
    private static partial void LogAuditFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The clicks of {UserId} were not accrued; the next run or the reminder tries again")]
    private static partial void LogAccrualFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The click counts of {UserId} were not announced on {Stream}")]
    private static partial void LogAnnounceFailed(ILogger logger, string userId, string stream, Exception exception);
}
