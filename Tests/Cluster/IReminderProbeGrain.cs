namespace Faucet.Tests.Cluster;

[Alias("faucet.tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(TimeSpan period);

    [Alias("Stop")]
    Task StopAsync();

    [Alias("GetTicks")]
    Task<int> GetTicksAsync();
}
