using Faucet.Boosts;
using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>
/// What entry a command to a reward account makes, or why it cannot, without Orleans or storage. What an entry then
/// does to the account's balances is not decided here: the journal derives them as each entry is appended (the
/// trigger of migration 0017) and the account reads them back.
/// </summary>
public static class RewardLedger
{
    public static RewardCommand Baseline(long lifetimeKills) => new(RewardEntryKeys.Baseline(lifetimeKills), RewardEntryKind.Baseline, BanAmount.Zero, lifetimeKills);

    public static RewardCommand Kills(long lifetimeKills) => new(RewardEntryKeys.Kills(lifetimeKills), RewardEntryKind.Kills, Kills: lifetimeKills);

    public static RewardCommand Grant(string key, BanAmount amount) => new(RewardEntryKeys.Grant(key), RewardEntryKind.Grant, amount);

    /// <summary>The entry that <paramref name="command"/> makes on <paramref name="account"/> now, or null when it
    /// changes nothing (kills that did not grow). Kills earn under <paramref name="boost"/> when one is in force.
    /// Throws <see cref="RewardConflictException"/> when it cannot be made.</summary>
    public static RewardEntry? Plan(RewardCommand command, RewardBalance account, BanAmount perKill, DateTimeOffset now, BoostInForce? boost = null)
    {
        var next = account.LastEntryNo + 1;
        // At the journal's precision (microseconds, UTC), so that the entry returned now and the one read back
        // for a repeat are equal.
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        RewardEntry Entry(BanAmount amount, RewardBoost? boosted = null) => new(next, command.IdempotencyKey, command.Kind, amount, command.Kills, command.Round, at, boosted);

        switch (command.Kind)
        {
            case RewardEntryKind.Baseline:
                return command.Kills > account.KillCursor ? Entry(BanAmount.Zero) : null;

            case RewardEntryKind.Kills:
                if (command.Kills is not { } kills || kills <= account.KillCursor)
                {
                    return null;
                }
                var earned = (UInt128)(kills - account.KillCursor) * perKill.Raw;
                if (earned / perKill.Raw != (UInt128)(kills - account.KillCursor))
                {
                    throw new RewardConflictException($"{kills - account.KillCursor} kills at {perKill} BAN overflow any amount of BAN");
                }
                var applied = BoostSchedule.Apply(boost, BanAmount.FromRaw(earned), out var amount);
                return Entry(amount, applied);

            case RewardEntryKind.Grant:
                return command.Amount is { } grant && grant > BanAmount.Zero
                    ? Entry(grant)
                    : throw new RewardConflictException("A grant must be more than 0 BAN");

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "a reward account plans baselines, kills and grants; clicks and rounds append their own entries");
        }
    }
}
