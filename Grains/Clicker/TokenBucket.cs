namespace Faucet.Clicker;

/// <summary>
/// A player's pace: up to <c>capacity</c> clicks at once, then <c>refillPerSecond</c> a second. Starts full. Counted
/// in whole clock ticks, so the time it names for the next token is exactly when one is there. Time that runs
/// backwards (a clock corrected under us) refills nothing.
/// </summary>
public sealed class TokenBucket(int capacity, int refillPerSecond, DateTimeOffset now)
{
    // One token is TicksPerSecond units; each tick of time adds refillPerSecond units.
    private const long Token = TimeSpan.TicksPerSecond;
    private readonly long full = capacity * Token;
    private long units = capacity * Token;
    private DateTimeOffset last = now;

    /// <summary>Takes one click's token if there is one; otherwise says when there will be.</summary>
    public bool TryTake(DateTimeOffset now, out DateTimeOffset nextTokenAt)
    {
        if (now > last)
        {
            var elapsed = (now - last).Ticks;
            units = elapsed >= full / refillPerSecond ? full : Math.Min(full, units + elapsed * refillPerSecond);
            last = now;
        }
        if (units >= Token)
        {
            units -= Token;
            nextTokenAt = now;
            return true;
        }
        nextTokenAt = last + TimeSpan.FromTicks((Token - units + refillPerSecond - 1) / refillPerSecond);
        return false;
    }

    /// <summary>Returns the token of a click that turned out not to count (one answered before).</summary>
    public void GiveBack() => units = Math.Min(full, units + Token);
}
