using Orleans.Concurrency;
using Faucet.Telemetry;

namespace Faucet.Vanity;

/// <summary>One per silo (a stateless worker is activated where it is called, and each silo's agent calls its own):
/// runs a slice on the search engine's dedicated threads, using every core, while the grain awaits.</summary>
[StatelessWorker(1)]
public sealed class VanitySearchWorkerGrain(Microsoft.Extensions.Options.IOptions<Orleans.Configuration.SiloOptions> silo) : Grain, IVanitySearchWorkerGrain
{
    public async Task<VanitySliceReport> SearchAsync(VanitySlice slice)
    {
        if (!VanityPattern.TryCompile(slice.Request.Parts, slice.Request.CaseInsensitive, slice.Request.Fuzzy, out var pattern, out var problem))
        {
            throw new ArgumentException(problem, nameof(slice));
        }
        using var activity = FaucetTracing.Source.StartActivity("vanity.job.slice");
        activity?.SetTag("faucet.vanity.job", slice.JobId);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(slice.Seconds));
        var result = await Task.Factory.StartNew(
            () => VanitySearch.Run(pattern!, long.MaxValue, threads: 0, stopAtFullMatch: true, null, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        FaucetMetrics.VanityKeysSearched("job", result.Attempts);
        var full = result.Score == pattern!.Parts.Count;
        activity?.SetTag("faucet.vanity.keys", result.Attempts);
        return new VanitySliceReport(slice.JobId, slice.SliceId, result.Attempts, full ? result.Seed : null, silo.Value.SiloName);
    }
}
