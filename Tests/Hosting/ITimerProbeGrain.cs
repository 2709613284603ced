namespace Faucet.Tests.Hosting;

[Alias("faucet.tests.ITimerProbeGrain")]
public interface ITimerProbeGrain : IGrainWithStringKey
{
    /// <param name="fail">Whether the work throws once it has run.</param>
    [Alias("Schedule")]
    Task ScheduleAsync(TimeSpan due, bool fail);

    [Alias("Get")]
    Task<TimerProbeView> GetAsync();
}

[GenerateSerializer, Immutable, Alias("faucet.tests.TimerProbeView")]
public sealed record TimerProbeView([property: Id(0)] int Runs, [property: Id(1)] IReadOnlyList<string> Errors);
