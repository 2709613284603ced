using System.Globalization;
using Faucet.Settlement;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Settlement;

/// <summary>The next run the scheduler publishes (the countdown on the home page and in a player's status) is when its
/// reminder really ticks, whatever an operator or a restart did meanwhile.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementScheduleTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private async Task<SchedulerView> ScheduleAsync()
    {
        await using var client = await cluster.StartClientAsync();
        return await client.Client.GetGrain<ISettlementSchedulerGrain>("default").GetAsync();
    }

    /// <summary>When the reminder first ticks, and how often, as the reminder table holds it.</summary>
    private async Task<(DateTimeOffset Start, TimeSpan Period)> ReminderAsync()
    {
        var row = (await cluster.ScalarAsync("SELECT to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') || ' ' || period_ms FROM orleans_reminders WHERE reminder_name = 'settlement-tick'"))!.Split(' ');
        return (DateTimeOffset.Parse(row[0], CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(long.Parse(row[1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_next_run_is_the_reminders_next_tick_after_an_operators_round_a_restart_a_missed_tick_and_a_new_interval()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        DateTimeOffset first;
        await using (var silo = await cluster.StartSiloAsync(clock: clock))
        await using (var client = await cluster.StartClientAsync())
        {
            first = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").GetAsync()).NextRunAt!.Value;
            var (start, period) = await ReminderAsync();
            Assert.Equal(TimeSpan.FromMinutes(20), period);
            Assert.InRange(first - start, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));

            var round = await Rounds.RunAsync(client.Client);
            Assert.Equal(RoundStatus.Done, round.Status);
            Assert.Equal(first, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").GetAsync()).NextRunAt);
        }

        await using (var restarted = await cluster.StartSiloAsync(clock: clock))
        {
            Assert.Equal(first, (await ScheduleAsync()).NextRunAt);
            // Down across a tick: the reminder skips it and keeps its phase.
            clock.Set(first + TimeSpan.FromMinutes(25));
            Assert.Equal(first + TimeSpan.FromMinutes(40), (await ScheduleAsync()).NextRunAt);
        }

        cluster.Config.SetLine("payout.yaml", "scheduler_minutes", "scheduler_minutes: 30");
        await using (var changed = await cluster.StartSiloAsync(clock: clock))
        {
            var view = await ScheduleAsync();
            var (start, period) = await ReminderAsync();
            Assert.Equal((30, TimeSpan.FromMinutes(30)), (view.IntervalMinutes, period));
            Assert.InRange(view.NextRunAt!.Value - clock.GetUtcNow(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
            Assert.InRange(start - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        }
    }
}
