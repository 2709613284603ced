namespace Faucet.Tokens;

/// <summary>
/// The rules of a token account without Orleans or storage: the entry a command makes (or null when the balance
/// cannot pay it), and how an entry changes the account. Replaying the ledger's entries through <see cref="Apply"/>
/// rebuilds the account exactly. A free pull is a pull entry of 0 tokens; a day's free pulls are counted by UTC day.
/// </summary>
public sealed class TokenLedger(TokenAccountState state, int freePullsPerDay)
{
    public TokenAccountState State => state;

    public static bool IsFreePull(TokenEntry entry) => entry.Kind == TokenEntryKind.Pull && entry.Amount == 0;

    public int FreePullsLeft(DateTimeOffset now) =>
        Math.Max(0, freePullsPerDay - (state.FreePullDay == DayOf(now) ? state.FreePullsUsed : 0));

    public TokenBalance Balance(DateTimeOffset now) =>
        new(state.Balance, FreePullsLeft(now), new DateTimeOffset(DateOnly.FromDayNumber(DayOf(now) + 1), TimeOnly.MinValue, TimeSpan.Zero));

    /// <summary>The next entry for <paramref name="command"/>, or null when the balance cannot pay it (or, for a free
    /// pull, none is left today).</summary>
    public TokenEntry? Plan(TokenCommand command, DateTimeOffset now)
    {
        var freePull = command.Kind == TokenEntryKind.Pull && command.Amount == 0;
        if (freePull ? FreePullsLeft(now) == 0 : command.Amount < -state.Balance)
        {
            return null;
        }
        if (command.Amount > long.MaxValue - state.Balance)
        {
            throw new ArgumentOutOfRangeException(nameof(command), "No token balance holds that many tokens.");
        }
        if (command.Amount == 0 && !freePull)
        {
            throw new ArgumentException("Only a free pull moves 0 tokens.", nameof(command));
        }
        // At the ledger's precision (microseconds), so that an entry read back equals the one returned.
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        return new TokenEntry(state.LastEntryNo + 1, command.IdempotencyKey, command.Kind, command.Amount, state.Balance,
            checked(state.Balance + command.Amount), command.Reference, at);
    }

    /// <summary>Applies the next entry of the ledger. Entries come in order, each once.</summary>
    public void Apply(TokenEntry entry)
    {
        if (entry.EntryNo != state.LastEntryNo + 1 || entry.BalanceBefore != state.Balance || entry.BalanceAfter != entry.BalanceBefore + entry.Amount)
        {
            throw new InvalidOperationException($"Token ledger entry {entry.EntryNo} does not follow entry {state.LastEntryNo} (balance {state.Balance})");
        }
        state.Balance = entry.BalanceAfter;
        state.LastEntryNo = entry.EntryNo;
        if (IsFreePull(entry))
        {
            // Days only move forward: an entry stamped a little earlier by another silo's clock counts for the day in
            // hand, and never gives back a day's free pulls.
            var day = DayOf(entry.RecordedAt);
            if (day > state.FreePullDay)
            {
                state.FreePullDay = day;
                state.FreePullsUsed = 1;
            }
            else
            {
                state.FreePullsUsed++;
            }
        }
    }

    private static int DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).DayNumber;
}
