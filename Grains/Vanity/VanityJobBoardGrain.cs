using Faucet.Persistence;

namespace Faucet.Vanity;

/// <summary>The running jobs, oldest first. Jobs add themselves when they start (and again on their reminder after a
/// crash) and remove themselves when they end.</summary>
public sealed class VanityJobBoardGrain([PersistentState("vanityboard", "faucet")] IPersistentState<VanityJobBoardState> state) : Grain, IVanityJobBoardGrain
{
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
