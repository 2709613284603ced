using Faucet.Persistence;

namespace Faucet.Vanity;

/// <summary>The running jobs, oldest first. Jobs add themselves when they start (and again on their reminder after a
/// crash) and remove themselves when they end.</summary>
public sealed class VanityJobBoardGrain(
    [PersistentState("vanityboard", "faucet")] IPersistentState<VanityJobBoardState> state,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(Faucet.Hosting.FaucetClock.Key)] TimeProvider time) : Grain, IVanityJobBoardGrain
{
    private static readonly TimeSpan RateFreshFor = TimeSpan.FromMinutes(10);

    // Measurements are not stored: a fresh activation has none until the next slice or pull.
    private readonly Dictionary<string, (double KeysPerSecond, DateTimeOffset At)> rates = new(StringComparer.Ordinal);

    public Task RecordRateAsync(string silo, double keysPerSecond)
    {
        if (keysPerSecond > 0 && double.IsFinite(keysPerSecond))
        {
            rates[silo] = (keysPerSecond, time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public Task<double> RateAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(rates.Values.Where(r => now - r.At <= RateFreshFor).Sum(r => r.KeysPerSecond));
    }

    public async Task AddAsync(string jobId)
    {
        if (!state.State.Running.Contains(jobId))
        {
            state.State.Running.Add(jobId);
            await state.WriteOrRetireAsync(this);
        }
    }

    public async Task RemoveAsync(string jobId)
    {
        if (state.State.Running.Remove(jobId))
        {
            await state.WriteOrRetireAsync(this);
        }
    }

    public Task<IReadOnlyList<string>> RunningAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Running.ToList());
}
