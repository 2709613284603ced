namespace Faucet.Tests.Cluster;

/// <summary>A grain that only counts the ticks of its reminder, to prove the reminder provider end to end.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private int ticks;

    public async Task StartAsync(TimeSpan period) => await this.RegisterOrUpdateReminder("probe", period, period);

    public async Task StopAsync() => await this.UnregisterReminder(await this.GetReminder("probe") ?? throw new InvalidOperationException("no reminder"));

    public Task<int> GetTicksAsync() => Task.FromResult(ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks++;
        return Task.CompletedTask;
    }
}
