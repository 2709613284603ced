using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Settlement;

public sealed class SettlementSchedulerGrain(
    [PersistentState("scheduler", "faucet")] IPersistentState<SettlementSchedulerState> state,
    PayoutOptions payout,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISettlementSchedulerGrain, IRemindable
{
    private const string TickReminder = "settlement-tick";

    private TimeSpan Interval => TimeSpan.FromMinutes(payout.SchedulerMinutes);

    public async Task<SchedulerView> EnsureScheduledAsync()
    {
        // Registering again would push the next tick back, so only when missing or when the interval changed.
        if (await this.GetReminder(TickReminder) is null || state.State.ReminderMinutes != payout.SchedulerMinutes)
        {
            await this.RegisterOrUpdateReminder(TickReminder, Interval, Interval);
            state.State.ReminderMinutes = payout.SchedulerMinutes;
            state.State.NextRunAt = time.GetUtcNow() + Interval;
            await state.WriteOrRetireAsync(this);
        }
        return View();
    }

    public Task<RoundView> RunNowAsync() => TickAsync();

    public Task<SchedulerView> GetAsync() => Task.FromResult(View());

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await TickAsync();

    /// <summary>Opens the next round, unless the last is still paying (then it is only nudged on).</summary>
    private async Task<RoundView> TickAsync()
    {
        state.State.NextRunAt = time.GetUtcNow() + Interval;
        if (state.State.LastRound > 0)
        {
            var last = GrainFactory.GetGrain<ISettlementRoundGrain>(state.State.LastRound);
            if ((await last.GetAsync()).Status is RoundStatus.NotStarted or RoundStatus.Paying)
            {
                await state.WriteOrRetireAsync(this);
                return await last.StartAsync();
            }
        }

        state.State.LastRound++;
        await state.WriteOrRetireAsync(this);
        return await GrainFactory.GetGrain<ISettlementRoundGrain>(state.State.LastRound).StartAsync();
    }

    private SchedulerView View() => new(state.State.LastRound, state.State.NextRunAt, payout.SchedulerMinutes);
}
