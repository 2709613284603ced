using Microsoft.Extensions.Logging;

namespace Faucet.Hosting;

/// <summary>
/// Work a grain wants done once, soon, while it is active: the next attempt when a backoff ends, a push a moment
/// after the first change. The grain's reminder is what brings such work back after a crash; this is what makes it
/// happen on time.
/// <para>
/// The work is not handed the timer's <see cref="CancellationToken"/>. Orleans cancels that token when the timer is
/// disposed, and a one-shot timer is disposed as it fires (so that it can be scheduled again), so work run on it
/// would cancel itself at its first await. A tick of a timer already replaced or cancelled does nothing. Work that
/// throws is logged here, with the grain and the timer's name, and is not tried again by this timer.
/// </para>
/// </summary>
/// <param name="name">What the work is, for the log.</param>
/// <param name="interleave">Whether the work may run between the turns of the grain's calls, so that they do not wait
/// while it awaits something slow; the grain then keeps its state right whichever finishes first.</param>
public sealed partial class OneShotTimer(IGrainBase grain, string name, Func<Task> work, ILogger logger, bool interleave = false)
{
    private IGrainTimer? timer;
    private DateTimeOffset dueAt;
    private long generation;

    /// <summary>Runs the work after <paramref name="due"/> (at once if it is not positive), or at the time already
    /// scheduled if that is sooner.</summary>
    public void Schedule(TimeSpan due)
    {
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }
        // Timers run on the system's clock whatever clock the faucet reads, so the comparison does too.
        var at = TimeProvider.System.GetUtcNow() + due;
        if (timer is not null && dueAt <= at)
        {
            return;
        }
        timer?.Dispose();
        var ticket = ++generation;
        dueAt = at;
        timer = grain.RegisterGrainTimer(() => FireAsync(ticket), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = interleave });
    }

    /// <summary>Drops the scheduled run, if any: the caller is doing the work itself.</summary>
    public void Cancel()
    {
        timer?.Dispose();
        timer = null;
        generation++;
    }

    private async Task FireAsync(long ticket)
    {
        if (ticket != generation)
        {
            // Its tick was already queued on the grain when the timer was replaced or cancelled.
            return;
        }
        Cancel();
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, name, grain.GrainContext.GrainId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Timer} timer of {Grain} failed")]
    private static partial void LogFailed(ILogger logger, string timer, GrainId grain, Exception exception);
}
