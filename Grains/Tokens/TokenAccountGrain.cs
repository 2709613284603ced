using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tokens;

/// <summary>
/// A player's token account. Journal first, state second: a command becomes an entry (with the balance before and
/// after), the entry is appended to <c>token_ledger</c> under its idempotency key and its gapless number, and only then
/// applied. On activation the grain replays what the ledger holds beyond its stored state, so a crash between the two
/// loses nothing and counts nothing twice.
/// </summary>
public sealed class TokenAccountGrain(
    [PersistentState("tokens", "faucet")] IPersistentState<TokenAccountState> state,
    ITokenJournal journal,
    ProductOptions product,
    IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ITokenAccountGrain
{
    private TokenLedger ledger = null!;

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ledger = new TokenLedger(state.State, product.FreePullsPerDay);
        await CatchUpAsync(cancellationToken);
    }

    public Task<TokenChange> ApplyAsync(TokenCommand command)
    {
        if (command.IdempotencyKey.Length is 0 or > TokenCommand.MaxKeyLength || (command.Amount == 0 && command.Kind != TokenEntryKind.Pull))
        {
            throw new ArgumentException("A token change needs an idempotency key and moves tokens (only a free pull moves none).", nameof(command));
        }
        return ExecuteAsync(command);
    }

    public async Task<TokenChange> ChargePullAsync(string pullId, long price)
    {
        var key = "pull:" + pullId;
        if (await journal.FindAsync(UserId, key, CancellationToken.None) is { } first)
        {
            await CatchUpAsync(CancellationToken.None);
            return new TokenChange(TokenChangeStatus.Repeated, first, ledger.Balance(time.GetUtcNow()));
        }
        await CatchUpAsync(CancellationToken.None);
        var free = ledger.FreePullsLeft(time.GetUtcNow()) > 0;
        // Decided here, with the choice between free and paid: tokens are bought with money, and a paid pull is a game
        // of chance the player must have accepted the terms (and confirmed their age) for.
        if (!free && await GrainFactory.GetGrain<IPlayerGrain>(UserId).GetTermsAsync() is { Satisfied: false } terms)
        {
            return new TokenChange(TokenChangeStatus.TermsNotAccepted, null, ledger.Balance(time.GetUtcNow()), terms);
        }
        var change = await ExecuteAsync(new TokenCommand(key, TokenEntryKind.Pull, free ? 0 : -price, free ? "free:" + pullId : pullId));
        // Another activation paid this pull the other way (free or tokens) at the same moment: it is paid, once.
        return change.Status == TokenChangeStatus.Conflict ? change with { Status = TokenChangeStatus.Repeated } : change;
    }

    public async Task<TokenChange> GrantAsync(TokenGrant grant)
    {
        if (await GrainFactory.GetGrain<IPlayerGrain>(UserId).GetProfileAsync() is null)
        {
            return new TokenChange(TokenChangeStatus.NoSuchPlayer, null, ledger.Balance(time.GetUtcNow()));
        }
        var change = await ExecuteAsync(new TokenCommand("grant:" + grant.IdempotencyKey, TokenEntryKind.Grant, grant.Tokens, grant.Reason));
        if (change.Done)
        {
            await audit.RecordAsync(grant.Actor, "tokens.granted", UserId,
                new { tokens = grant.Tokens, reason = grant.Reason, entry = change.Entry!.EntryNo, repeat = change.Status == TokenChangeStatus.Repeated }, CancellationToken.None);
        }
        return change;
    }

    public Task<IReadOnlyList<TokenEntry>> GetEntriesAsync(long? before, int limit) =>
        journal.ReadNewestAsync(UserId, before, limit, CancellationToken.None);

    public async Task<TokenBalance> GetBalanceAsync()
    {
        await CatchUpAsync(CancellationToken.None);
        return ledger.Balance(time.GetUtcNow());
    }

    private async Task<TokenChange> ExecuteAsync(TokenCommand command)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await journal.FindAsync(UserId, command.IdempotencyKey, CancellationToken.None) is { } first)
            {
                await CatchUpAsync(CancellationToken.None);
                return new TokenChange(command.IsRepeatOf(first) ? TokenChangeStatus.Repeated : TokenChangeStatus.Conflict, first, ledger.Balance(time.GetUtcNow()));
            }
            var now = time.GetUtcNow();
            if (ledger.Plan(command, now) is not { } entry)
            {
                return new TokenChange(TokenChangeStatus.InsufficientTokens, null, ledger.Balance(now));
            }
            bool appended;
            try
            {
                appended = await journal.AppendAsync(UserId, entry, CancellationToken.None);
            }
            catch
            {
                // The append may have committed unheard: a fresh activation replays the ledger as it is.
                DeactivateOnIdle();
                throw;
            }
            if (appended)
            {
                ledger.Apply(entry);
                await state.WriteOrRetireAsync(this);
                return new TokenChange(TokenChangeStatus.Applied, entry, ledger.Balance(now));
            }
            // The key (a concurrent repeat) or the number (another activation) was taken: catch up and look again.
            await CatchUpAsync(CancellationToken.None);
        }
        throw new InvalidOperationException("Another writer keeps appending to this token account; try again.");
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var missing = await journal.ReadAfterAsync(UserId, state.State.LastEntryNo, cancellationToken);
        foreach (var entry in missing)
        {
            ledger.Apply(entry);
        }
        if (missing.Count > 0)
        {
            await state.WriteOrRetireAsync(this);
        }
    }
}
