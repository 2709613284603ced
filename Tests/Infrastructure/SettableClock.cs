namespace Faucet.Tests.Infrastructure;

/// <summary>
/// A clock whose date a test sets (forward only), for what the faucet decides by the calendar: cap windows,
/// payout and journal times. Only the wall clock moves; timers and elapsed-time measurements stay on the system
/// clock, so a silo running on it keeps its heartbeats and reminders going while a test jumps days ahead.
/// </summary>
/// <param name="runs">False for a clock that stands still between <see cref="Set"/>s, for rules that read the
/// exact times of events (the clicker's rhythm).</param>
public sealed class SettableClock(DateTimeOffset start, bool runs = true) : TimeProvider
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
            origin = runs ? now - System.GetElapsedTime(startedAt) : now;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return runs ? origin + System.GetElapsedTime(startedAt) : origin;
        }
    }
}
