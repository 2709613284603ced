using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faucet.Vanity;

/// <summary>
/// Each silo's share of the guaranteed jobs: while the board lists running jobs, take a slice of one (in turn), have
/// this silo's search worker run it, and report. More silos mean more agents asking, so a job runs faster the more
/// silos there are.
/// </summary>
public sealed partial class VanitySearchAgent(IGrainFactory grains, ILogger<VanitySearchAgent> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var turn = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var running = await grains.GetGrain<IVanityJobBoardGrain>("default").RunningAsync();
                if (running.Count == 0)
                {
                    await Task.Delay(Idle, stoppingToken);
                    continue;
                }
                var job = grains.GetGrain<IVanityJobGrain>(running[turn++ % running.Count]);
                if (await job.TakeSliceAsync() is not { } slice)
                {
                    continue;
                }
                var report = await grains.GetGrain<IVanitySearchWorkerGrain>(0).SearchAsync(slice);
                await job.ReportAsync(report);
                await grains.GetGrain<IVanityJobBoardGrain>("default").RecordRateAsync(report.Silo, report.Attempts / (double)slice.Seconds);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The silo is starting or stopping, or a job's silo went away: try again shortly.
                LogNoWork(logger, e);
                try
                {
                    await Task.Delay(Idle, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The vanity search agent could not get or report work; trying again")]
    private static partial void LogNoWork(ILogger logger, Exception exception);
}
