using Faucet.Boosts;
using Faucet.Configuration;
using Faucet.Donations;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Money;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Faucet.Telemetry;

namespace Faucet.Rewards;

/// <summary>
/// A player's reward account. Journal first: a command becomes an entry, and the entry is appended to
/// <c>reward_journal</c> (where its idempotency key and its gapless number are unique). The database derives the
/// balances from each entry as it is appended (<c>reward_balances</c>), and the grain only reads them, in the same round
/// trip as the append, so there is no second account to keep in step and nothing to replay. Settlement rounds are the
/// other writer: they append reservations and their outcomes for many players in one statement, and the gapless entry
/// number makes whichever of two concurrent appends comes second re-read and re-plan.
/// </summary>
public sealed partial class RewardAccountGrain(
    IRewardJournal journal,
    PayoutOptions payout,
    BoostSchedule boosts,
    ISettlementStore settlement,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<RewardAccountGrain> logger) : Grain, IRewardAccountGrain
{
    /// <summary>How long the status is served from memory at most, should a writer's word that it changed something
    /// have been lost (its silo died between its commit and telling this account).</summary>
    private static readonly TimeSpan MemoryLimit = TimeSpan.FromSeconds(30);

    private readonly CapPolicy caps = CapPolicy.From(payout);

    /// <summary>The balances as of the last append or read (null until the first); kills are planned from its cursor and
    /// entry number, and an append at a stale number is refused and re-planned.</summary>
    private RewardBalance? balance;

    /// <summary>How many times writers outside this grain have said they changed the journal or payouts. Whatever the
    /// grain read before the latest of those is out of date, even if the read ended after it.</summary>
    private long changes;

    private (long AsOf, long ReadAt) balanceRead = (-1, 0);

    /// <summary>The payouts the cap windows count, since <c>Since</c> (the week's start), as of a number of changes.</summary>
    private (DateTimeOffset Since, long AsOf, long ReadAt, IReadOnlyList<CountedPayout> Payouts)? counted;

    private string UserId => this.GetPrimaryKeyString();

    public Task<RewardEntry?> SetKillBaselineAsync(long lifetimeKills) => ExecuteAsync(RewardLedger.Baseline(lifetimeKills));

    public Task<RewardEntry?> AccrueKillsAsync(long lifetimeKills) => ExecuteAsync(RewardLedger.Kills(lifetimeKills));

    public async Task<ClickAccrual> AccrueRecordedClicksAsync(long throughSeq)
    {
        var now = time.GetUtcNow();
        var boost = await BoostAtAsync(BoostAppliesTo.Clicks, now);
        var asOf = changes;
        var run = await journal.AppendClicksAsync(UserId, throughSeq, now, boost);
        Remember(run.Balance, asOf);
        if (run.Accrual.Entry is { } accrued)
        {
            Count(accrued);
            await AnnounceAsync(accrued, run.Balance);
        }
        return run.Accrual;
    }

    public async Task<RewardEntry> GrantAsync(string key, BanAmount amount) => (await ExecuteAsync(RewardLedger.Grant(key, amount)))!;

    // Settlement rounds append reservations and their outcomes straight to the journal: read afresh.
    public async Task<RewardBalance> GetBalanceAsync() => await ReadBalanceAsync();

    public async Task<RewardStanding> GetStandingAsync()
    {
        var now = time.GetUtcNow();
        var windows = caps.WindowsAt(now);
        var current = balance is not null && Current(balanceRead.AsOf, balanceRead.ReadAt) ? balance : await ReadBalanceAsync();
        if (counted is not { } payouts || payouts.Since != windows.WeekStart || !Current(payouts.AsOf, payouts.ReadAt))
        {
            var asOf = changes;
            var since = await settlement.CountedPayoutsSinceAsync(UserId, windows.WeekStart, CancellationToken.None);
            counted = payouts = (windows.WeekStart, asOf, TimeProvider.System.GetTimestamp(), since);
        }
        var left = caps.Remaining(payouts.Payouts, now);
        return new RewardStanding(current,
            new CapsLeft(left.PayoutsLeftToday, left.PayoutsLeftThisWeek, left.BanLeftToday, left.BanLeftThisWeek, windows.DayEnd, windows.WeekEnd));
    }

    public Task JournalChangedAsync()
    {
        changes++;
        return Task.CompletedTask;
    }

    private async Task<RewardBalance> ReadBalanceAsync()
    {
        var asOf = changes;
        return Remember(await journal.ReadBalanceAsync(UserId, CancellationToken.None), asOf);
    }

    /// <summary>Keeps a balance read (alone or with an append) that began when <paramref name="asOf"/> changes had been told.</summary>
    private RewardBalance Remember(RewardBalance read, long asOf)
    {
        (balance, balanceRead) = (read, (asOf, TimeProvider.System.GetTimestamp()));
        return read;
    }

    private bool Current(long asOf, long readAt) => asOf == changes && TimeProvider.System.GetElapsedTime(readAt) < MemoryLimit;

    private const int MaxRetriesOnTakenNumber = 8;

    private async Task<RewardEntry?> ExecuteAsync(RewardCommand command)
    {
        // Writers outside this grain append to the account too (a round's or a manual payout's reservation batch). When
        // one takes the number, the entry is planned again on the balances the append read; a burst of them (several
        // manual payouts for one player at once) can take it a few times running, so the tries back off a little.
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var boost = command.Kind == RewardEntryKind.Kills ? await BoostAtAsync(BoostAppliesTo.Kills, now) : null;
            var entry = RewardLedger.Plan(command, balance ?? await ReadBalanceAsync(), payout.PayoutAmountBanPerKill, now, boost);
            if (entry is null)
            {
                return null;
            }

            var asOf = changes;
            var append = await journal.AppendAsync(UserId, entry, CancellationToken.None);
            Remember(append.Balance, asOf);
            switch (append.Outcome)
            {
                case JournalAppendOutcome.Appended:
                    Count(entry);
                    await AnnounceAsync(entry, append.Balance);
                    return entry;
                case JournalAppendOutcome.KeyAlreadyUsed when command.IsRepeatOf(append.Existing!):
                    return append.Existing;
                case JournalAppendOutcome.KeyAlreadyUsed:
                    throw new RewardConflictException($"'{command.IdempotencyKey}' was already used for another change to this account");
                case JournalAppendOutcome.EntryNumberTaken when attempt < MaxRetriesOnTakenNumber:
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 * (attempt + 1))));
                    continue;
                default:
                    throw new InvalidOperationException("Another writer keeps appending to this reward account; try again.");
            }
        }
    }

    /// <summary>The boost an accrual of <paramref name="what"/> made at <paramref name="at"/> earns under. The donation
    /// milestones' part is asked of the Donations grain, which owns the week's donations, only when there are any.</summary>
    private async Task<BoostInForce?> BoostAtAsync(BoostAppliesTo what, DateTimeOffset at) =>
        boosts.InForce(what, at, boosts.HasMilestones ? await GrainFactory.GetGrain<IDonationsGrain>(0).GetMilestoneBoostAsync(at) : null);

    /// <summary>Counts a new entry that adds to the pending balance (kills, clicks, an operator's grant).</summary>
    private static void Count(RewardEntry entry)
    {
        if (entry.Kind is RewardEntryKind.Kills or RewardEntryKind.Clicks or RewardEntryKind.Grant && entry.Amount > BanAmount.Zero)
        {
            FaucetMetrics.Accrued(entry.Kind.ToString().ToLowerInvariant(), entry.Amount);
        }
    }

    /// <summary>Tells the player's account channel. Best effort: the change is in the journal either way, and a
    /// client reads its balance afresh when it (re)subscribes.</summary>
    private async Task AnnounceAsync(RewardEntry entry, RewardBalance balance)
    {
        try
        {
            await this.GetStreamProvider(FeedStreams.ProviderName)
                .GetStream<BalanceChangedEvent>(StreamId.Create(FeedStreams.AccountNamespace, UserId))
                .OnNextAsync(new BalanceChangedEvent(UserId, balance.Pending, balance.Reserved, balance.Paid, entry.Kind.ToString().ToLowerInvariant(), entry.RecordedAt));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, UserId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The balance change of {UserId} was not announced")]
    private static partial void LogAnnounceFailed(ILogger logger, string userId, Exception exception);
}
