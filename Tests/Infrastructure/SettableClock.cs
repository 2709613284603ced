namespace Faucet.Tests.Infrastructure;

/// <summary>
/// A clock whose date a test sets (forward only), for what the faucet decides by the calendar: cap windows,
/// payout and journal times. Only the wall clock moves; timers and elapsed-time measurements stay on the system
/// clock, so a silo running on it keeps its heartbeats and reminders going while a test jumps days ahead.
/// </summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly long startedAt = System.GetTimestamp();
    private DateTimeOffset origin = start;

    /// <summary>Sets the date; from then on the clock runs forward from it.</summary>
    public void Set(DateTimeOffset now)
    {
        lock (gate)
        {
            if (now < GetUtcNow())
            {
                throw new ArgumentOutOfRangeException(nameof(now), now, "the clock only moves forward");
            }
            origin = now - System.GetElapsedTime(startedAt);
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return origin + System.GetElapsedTime(startedAt);
        }
    }
}
