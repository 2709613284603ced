using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Money;
using Faucet.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Faucet.Telemetry;

namespace Faucet.Rewards;

/// <summary>
/// A player's reward account. Journal first, state second: a command becomes an entry, the entry is appended
/// to <c>reward_journal</c> (where its idempotency key and its gapless number are unique), and only then applied
/// to the state. The stored state is a cache: on activation the grain replays whatever the journal holds beyond
/// it, so a crash between the append and the state write loses nothing and counts nothing twice. Settlement
/// rounds are the other writer: they append reservations and their outcomes for many players in one statement,
/// and the gapless entry number makes whichever of two concurrent appends comes second re-read and re-plan.
/// </summary>
public sealed partial class RewardAccountGrain(
    [PersistentState("reward", "faucet")] IPersistentState<RewardAccountState> state,
    IRewardJournal journal,
    PayoutOptions payout,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<RewardAccountGrain> logger) : Grain, IRewardAccountGrain
{
    private RewardLedger ledger = null!;

    /// <summary>False while the state in memory holds entries the stored state does not.</summary>
    private bool stored = true;

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ledger = new RewardLedger(state.State);
        await CatchUpAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!stored)
        {
            // Best effort: what is not stored is replayed from the journal by the next activation.
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStateNotStored(logger, UserId, e);
            }
        }
    }

    public Task<RewardEntry?> SetKillBaselineAsync(long lifetimeKills) => ExecuteAsync(RewardLedger.Baseline(lifetimeKills));

    public Task<RewardEntry?> AccrueKillsAsync(long lifetimeKills) => ExecuteAsync(RewardLedger.Kills(lifetimeKills));

    public async Task<RewardEntry> AccrueClicksAsync(string idempotencyKey, BanAmount amount) =>
        (await ExecuteAsync(RewardLedger.Clicks(idempotencyKey, amount)))!;

    public async Task<ClickAccrual> AccrueRecordedClicksAsync(long throughSeq)
    {
        ClickAccrual accrual;
        try
        {
            accrual = await journal.AppendClicksAsync(UserId, throughSeq, time.GetUtcNow(), CancellationToken.None);
        }
        catch
        {
            // As for any append whose answer was lost: a fresh activation replays what did commit.
            DeactivateOnIdle();
            throw;
        }
        if (accrual.Entry is { } entry && entry.EntryNo == state.State.LastEntryNo + 1)
        {
            // The usual case: nobody else appended meanwhile. Clicks accrue every few seconds while a player plays,
            // so the stored state is brought up to date later (by the next other change, or on deactivation): it is
            // a cache, and an activation replays what it lacks.
            ledger.Apply(entry);
            stored = false;
        }
        else
        {
            await CatchUpAsync(CancellationToken.None);
        }
        if (accrual.Entry is { } accrued)
        {
            Count(accrued);
            await AnnounceAsync(accrued);
        }
        return accrual;
    }

    public async Task<RewardEntry> GrantAsync(string key, BanAmount amount) => (await ExecuteAsync(RewardLedger.Grant(key, amount)))!;

    public async Task<RewardEntry> ReserveAsync(long round, BanAmount amount) => (await ExecuteAsync(RewardLedger.Reserve(round, amount)))!;

    public async Task<RewardEntry> CommitAsync(long round) => (await ExecuteAsync(RewardLedger.Commit(round)))!;

    public async Task<RewardEntry> ReleaseAsync(long round) => (await ExecuteAsync(RewardLedger.Release(round)))!;

    // Reads catch up first: settlement rounds append reservations and commits for whole batches of players
    // straight to the journal.
    public async Task<RewardBalance> GetBalanceAsync()
    {
        await CatchUpAsync(CancellationToken.None);
        return ledger.Balance();
    }

    public async Task<BanAmount?> GetReservedAsync(long round)
    {
        await CatchUpAsync(CancellationToken.None);
        return state.State.ReservedByRound.TryGetValue(round, out var reserved) ? BanAmount.FromRaw(reserved) : null;
    }

    private async Task<RewardEntry?> ExecuteAsync(RewardCommand command)
    {
        // Two tries: the second runs after catching up with entries another writer appended meanwhile.
        for (var attempt = 0; ; attempt++)
        {
            RewardEntry? entry;
            try
            {
                entry = ledger.Plan(command, payout.PayoutAmountBanPerKill, time.GetUtcNow());
            }
            catch (RewardConflictException)
            {
                // The command may be a repeat that the account has moved past (a reserve retried after the
                // round committed): the first answer stands. Or this activation is behind the journal (an append
                // whose answer was lost): catch up and plan again.
                if (await journal.FindAsync(UserId, command.IdempotencyKey, CancellationToken.None) is { } first && command.IsRepeatOf(first))
                {
                    await CatchUpAsync(CancellationToken.None);
                    return first;
                }
                if (attempt == 0 && await CatchUpAsync(CancellationToken.None))
                {
                    continue;
                }
                throw;
            }
            if (entry is null)
            {
                return null;
            }

            JournalAppend append;
            try
            {
                append = await journal.AppendAsync(UserId, entry, CancellationToken.None);
            }
            catch
            {
                // The append may have committed without our hearing of it; a fresh activation will replay it.
                DeactivateOnIdle();
                throw;
            }
            switch (append.Outcome)
            {
                case JournalAppendOutcome.Appended:
                    ledger.Apply(entry);
                    await StoreAsync();
                    Count(entry);
                    await AnnounceAsync(entry);
                    return entry;
                case JournalAppendOutcome.KeyAlreadyUsed when command.IsRepeatOf(append.Existing!):
                    await CatchUpAsync(CancellationToken.None);
                    return append.Existing;
                case JournalAppendOutcome.KeyAlreadyUsed:
                    throw new RewardConflictException($"'{command.IdempotencyKey}' was already used for another change to this account");
                case JournalAppendOutcome.EntryNumberTaken when attempt == 0:
                    await CatchUpAsync(CancellationToken.None);
                    continue;
                default:
                    throw new InvalidOperationException("Another writer keeps appending to this reward account; try again.");
            }
        }
    }

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
    private async Task AnnounceAsync(RewardEntry entry)
    {
        try
        {
            var balance = ledger.Balance();
            await this.GetStreamProvider(FeedStreams.ProviderName)
                .GetStream<BalanceChangedEvent>(StreamId.Create(FeedStreams.AccountNamespace, UserId))
                .OnNextAsync(new BalanceChangedEvent(UserId, balance.Pending, balance.Reserved, balance.Paid, entry.Kind.ToString().ToLowerInvariant(), entry.RecordedAt));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, UserId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The reward account of {UserId} was not stored on deactivation; its next activation replays the journal")]
    private static partial void LogStateNotStored(ILogger logger, string userId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The balance change of {UserId} was not announced")]
    private static partial void LogAnnounceFailed(ILogger logger, string userId, Exception exception);

    private async Task StoreAsync()
    {
        await state.WriteOrRetireAsync(this);
        stored = true;
    }

    /// <summary>Applies the journal's entries beyond the state (and stores the state); true if there were any.</summary>
    private async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        var missing = await journal.ReadAfterAsync(UserId, state.State.LastEntryNo, cancellationToken);
        foreach (var entry in missing)
        {
            ledger.Apply(entry);
        }
        if (missing.Count > 0)
        {
            await StoreAsync();
        }
        return missing.Count > 0;
    }
}
