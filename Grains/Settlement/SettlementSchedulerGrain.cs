using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Settlement;

/// <summary>
/// Opens a settlement round every <c>scheduler_minutes</c> on its reminder, and when an operator asks. The next run it
/// publishes (the home page's countdown) is when the reminder really ticks: a reminder keeps the phase it was registered
/// with, an operator's round does not move it, and ticks a stopped cluster missed are skipped, not made up.
/// </summary>
public sealed class SettlementSchedulerGrain(
    [PersistentState("scheduler", "faucet")] IPersistentState<SettlementSchedulerState> state,
    PayoutOptions payout,
    IntegrationsOptions integrations,
    IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, ISettlementSchedulerGrain, IRemindable
{
    private const string TickReminder = "settlement-tick";

    private TimeSpan Interval => TimeSpan.FromMinutes(payout.SchedulerMinutes);

    public async Task<SchedulerView> EnsureScheduledAsync()
    {
        // Registering again would move the reminder's phase, so only when it is missing or the interval changed.
        if (await this.GetReminder(TickReminder) is null || state.State.ReminderMinutes != payout.SchedulerMinutes)
        {
            await this.RegisterOrUpdateReminder(TickReminder, Interval, Interval);
            state.State.ReminderMinutes = payout.SchedulerMinutes;
            state.State.NextRunAt = time.GetUtcNow() + Interval;
            await state.WriteOrRetireAsync(this);
        }
        return View();
    }

    public async Task<RoundView> RunNowAsync(string actor)
    {
        var round = await OpenRoundAsync();
        await audit.RecordAsync(actor, "settlement.run", $"round:{round.Number}", new { round.Status }, CancellationToken.None);
        return round;
    }

    public Task<SchedulerView> GetAsync() => Task.FromResult(View());

    public async Task<SettlementOverview> GetOverviewAsync()
    {
        var accounts = Task.WhenAll(integrations.Banano.PayingAccounts.Select(a => GrainFactory.GetGrain<Payouts.IOperatorWalletGrain>(a.Value).GetAsync()));
        var last = state.State.LastRound > 0 ? await GrainFactory.GetGrain<ISettlementRoundGrain>(state.State.LastRound).GetAsync() : null;
        return new SettlementOverview(View(), last, await accounts, integrations.Banano.MinOperatorBalanceBan);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The tick's own time, not the moment it was delivered, so a late delivery does not shift the countdown. The
        // reminder runs on the system's clock; what is published is on the faucet's.
        var untilNext = new DateTimeOffset(status.CurrentTickTime, TimeSpan.Zero) + status.Period - TimeProvider.System.GetUtcNow();
        state.State.NextRunAt = time.GetUtcNow() + untilNext;
        await OpenRoundAsync();
    }

    /// <summary>Opens the next round, unless the last is still paying (then it is only nudged on).</summary>
    private async Task<RoundView> OpenRoundAsync()
    {
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

    private SchedulerView View() => new(state.State.LastRound, NextRun(time.GetUtcNow()), payout.SchedulerMinutes);

    /// <summary>The stored next run, moved on by whole intervals past any tick that was missed while no silo ran.</summary>
    private DateTimeOffset? NextRun(DateTimeOffset now)
    {
        if (state.State.NextRunAt is not { } next || next > now)
        {
            return state.State.NextRunAt;
        }
        var missed = (now - next).Ticks / Interval.Ticks + 1;
        return next + Interval * missed;
    }
}
