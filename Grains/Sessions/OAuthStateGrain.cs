using Faucet.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Sessions;

public sealed class OAuthStateGrain(IOAuthStateStore states, [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IOAuthStateGrain
{
    private string StateHash => this.GetPrimaryKeyString();

    public Task IssueAsync(string returnTo, DateTimeOffset expiresAt) => states.InsertAsync(StateHash, returnTo, expiresAt, CancellationToken.None);

    public async Task<string?> ConsumeAsync()
    {
        var returnTo = await states.ConsumeAsync(StateHash, time.GetUtcNow(), CancellationToken.None);
        // A state is used once: its activation has nothing left to do.
        DeactivateOnIdle();
        return returnTo;
    }
}
