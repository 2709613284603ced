using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>
/// The rules of a reward account, without Orleans or storage: what entry a command makes (or why it cannot),
/// and how an entry changes the account. The journal holds the entries; replaying them in order through
/// <see cref="Apply"/> rebuilds the account exactly.
/// </summary>
public sealed class RewardLedger(RewardAccountState state)
{
    public RewardAccountState State => state;

    public static RewardCommand Baseline(long lifetimeKills) => new($"baseline:{lifetimeKills}", RewardEntryKind.Baseline, BanAmount.Zero, lifetimeKills);

    public static RewardCommand Kills(long lifetimeKills) => new($"kills:{lifetimeKills}", RewardEntryKind.Kills, Kills: lifetimeKills);

    public static RewardCommand Clicks(string key, BanAmount amount) => new($"clicks:{key}", RewardEntryKind.Clicks, amount);

    public static RewardCommand Grant(string key, BanAmount amount) => new($"grant:{key}", RewardEntryKind.Grant, amount);

    public static RewardCommand Reserve(long round, BanAmount amount) => new($"reserve:{round}", RewardEntryKind.Reserve, amount, Round: round);

    public static RewardCommand Commit(long round) => new($"commit:{round}", RewardEntryKind.Commit, Round: round);

    public static RewardCommand Release(long round) => new($"release:{round}", RewardEntryKind.Release, Round: round);

    /// <summary>The entry that <paramref name="command"/> makes now, or null when it changes nothing (kills that
    /// did not grow). Throws <see cref="RewardConflictException"/> when it cannot be applied.</summary>
    public RewardEntry? Plan(RewardCommand command, BanAmount perKill, DateTimeOffset now)
    {
        var next = state.LastEntryNo + 1;
        // At the journal's precision (microseconds, UTC), so that the entry returned now and the one read back
        // for a repeat are equal.
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        RewardEntry Entry(BanAmount amount) => new(next, command.IdempotencyKey, command.Kind, amount, command.Kills, command.Round, at);

        switch (command.Kind)
        {
            case RewardEntryKind.Baseline:
                return command.Kills > state.KillCursor ? Entry(BanAmount.Zero) : null;

            case RewardEntryKind.Kills:
                if (command.Kills is not { } kills || kills <= state.KillCursor)
                {
                    return null;
                }
                var earned = (UInt128)(kills - state.KillCursor) * perKill.Raw;
                if (earned / perKill.Raw != (UInt128)(kills - state.KillCursor))
                {
                    throw new RewardConflictException($"{kills - state.KillCursor} kills at {perKill} BAN overflow any amount of BAN");
                }
                return Entry(BanAmount.FromRaw(earned));

            case RewardEntryKind.Clicks:
                return command.Amount is { } click && click > BanAmount.Zero
                    ? Entry(click)
                    : throw new RewardConflictException("A click accrual must be more than 0 BAN");

            case RewardEntryKind.Grant:
                return command.Amount is { } grant && grant > BanAmount.Zero
                    ? Entry(grant)
                    : throw new RewardConflictException("A grant must be more than 0 BAN");

            case RewardEntryKind.Reserve:
                if (command.Round is not { } round || command.Amount is not { } amount || amount == BanAmount.Zero)
                {
                    throw new RewardConflictException("A reservation needs a round and an amount above 0");
                }
                if (state.ReservedByRound.ContainsKey(round))
                {
                    throw new RewardConflictException($"Round {round} has already reserved from this account");
                }
                return amount.Raw <= state.Pending
                    ? Entry(amount)
                    : throw new RewardConflictException($"Round {round} asks for {amount} BAN but only {BanAmount.FromRaw(state.Pending)} BAN is pending");

            case RewardEntryKind.Commit or RewardEntryKind.Release:
                return command.Round is { } settled && state.ReservedByRound.TryGetValue(settled, out var reserved)
                    ? Entry(BanAmount.FromRaw(reserved))
                    : throw new RewardConflictException($"Round {command.Round} holds no reservation on this account");

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "unknown kind of reward entry");
        }
    }

    /// <summary>Applies the next entry of the journal. Entries must come in order, each exactly once.</summary>
    public void Apply(RewardEntry entry)
    {
        if (entry.EntryNo != state.LastEntryNo + 1)
        {
            throw new InvalidOperationException($"Journal entry {entry.EntryNo} applied after {state.LastEntryNo}");
        }

        var amount = entry.Amount.Raw;
        switch (entry.Kind)
        {
            case RewardEntryKind.Baseline:
            case RewardEntryKind.Kills:
                state.KillCursor = Math.Max(state.KillCursor, entry.Kills ?? 0);
                state.Pending += amount;
                break;
            case RewardEntryKind.Clicks:
            case RewardEntryKind.Grant:
                state.Pending += amount;
                break;
            case RewardEntryKind.Reserve:
                state.Pending -= amount;
                state.ReservedByRound[entry.Round!.Value] = amount;
                break;
            case RewardEntryKind.Commit:
                state.ReservedByRound.Remove(entry.Round!.Value);
                state.Paid += amount;
                break;
            case RewardEntryKind.Release:
                state.ReservedByRound.Remove(entry.Round!.Value);
                state.Pending += amount;
                break;
        }
        state.LastEntryNo = entry.EntryNo;
    }

    public RewardBalance Balance() => new(
        BanAmount.FromRaw(state.Pending),
        BanAmount.FromRaw(state.ReservedByRound.Values.Aggregate(UInt128.Zero, (sum, r) => sum + r)),
        BanAmount.FromRaw(state.Paid),
        state.KillCursor,
        state.LastEntryNo);
}
