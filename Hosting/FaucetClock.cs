namespace Faucet.Hosting;

/// <summary>
/// The clock Faucet's own rules read: cap windows, journal, payout and round times, token lifetimes. It is a
/// <see cref="TimeProvider"/> registered under <see cref="Key"/>, apart from the unkeyed one Orleans runs its
/// membership, reminders and timers on, so that a test or a simulation can set the date without a silo
/// declaring itself dead.
/// </summary>
public static class FaucetClock
{
    public const string Key = "faucet";
}
