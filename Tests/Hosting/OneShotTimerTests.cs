using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Hosting;

/// <summary>The one way grains run work once, soon: on time, once for several requests, and never silently failing.</summary>
public sealed class OneShotTimerTests(InMemoryClusterFixture fixture) : IClassFixture<InMemoryClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_asked_for_later_and_then_at_once_runs_at_once_and_can_be_asked_for_again()
    {
        var probe = fixture.Grains.GetGrain<ITimerProbeGrain>(Guid.NewGuid().ToString("N"));

        await probe.ScheduleAsync(TimeSpan.FromMinutes(5), fail: false);
        await probe.ScheduleAsync(TimeSpan.Zero, fail: false);
        await probe.ScheduleAsync(TimeSpan.FromMinutes(1), fail: false);
        await Eventually.HoldsAsync(async () => (await probe.GetAsync()).Runs > 0, Patience, "the work runs");
        await probe.ScheduleAsync(TimeSpan.FromMilliseconds(200), fail: false);
        await Eventually.HoldsAsync(async () => (await probe.GetAsync()).Runs > 1, Patience, "work asked for after a run runs again");

        Assert.Equal(2, (await probe.GetAsync()).Runs);
    }

    [Fact]
    public async Task Work_that_throws_after_its_timer_fired_is_logged_with_the_grain_and_the_timer()
    {
        var key = Guid.NewGuid().ToString("N");
        var probe = fixture.Grains.GetGrain<ITimerProbeGrain>(key);

        await probe.ScheduleAsync(TimeSpan.Zero, fail: true);
        await Eventually.HoldsAsync(async () => (await probe.GetAsync()).Errors.Count > 0, Patience, "the failure is logged");

        var view = await probe.GetAsync();
        Assert.Equal(1, view.Runs);
        var error = Assert.Single(view.Errors);
        Assert.Contains("probe", error, StringComparison.Ordinal);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains("the probe's work failed", error, StringComparison.Ordinal);
    }
}
