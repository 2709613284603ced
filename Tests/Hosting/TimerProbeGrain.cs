using Faucet.Hosting;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Hosting;

/// <summary>A grain whose one-shot timer counts its runs; its work awaits real I/O-like waits after the timer has
/// fired, and throws when told to, with the timer's log kept for the test to read.</summary>
public sealed class TimerProbeGrain : Grain, ITimerProbeGrain
{
    private readonly RecordingLogger log = new();
    private int runs;
    private bool fail;

    private OneShotTimer Timer => field ??= new(this, "probe", WorkAsync, log);

    public Task ScheduleAsync(TimeSpan due, bool fail)
    {
        this.fail = fail;
        Timer.Schedule(due);
        return Task.CompletedTask;
    }

    public Task<TimerProbeView> GetAsync() => Task.FromResult(new TimerProbeView(runs, [.. log.Errors]));

    private async Task WorkAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        runs++;
        if (fail)
        {
            throw new InvalidOperationException("the probe's work failed");
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors.Add($"{formatter(state, exception)} | {exception?.Message}");
            }
        }
    }
}
