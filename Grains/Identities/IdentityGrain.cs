using Faucet.Hosting;
using Faucet.Persistence;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Identities;

public sealed class IdentityGrain(
    [PersistentState("identity", "faucet")] IPersistentState<IdentityState> state,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IIdentityGrain
{
    public async Task<IdentityClaim> ClaimAsync(UserId user)
    {
        if (state.State.Owner is { } owner)
        {
            return new IdentityClaim(owner == user, owner);
        }

        state.State.Owner = user;
        state.State.ClaimedAt = time.GetUtcNow();
        await state.WriteOrRetireAsync(this);
        return new IdentityClaim(true, user);
    }

    public Task<UserId?> GetOwnerAsync() => Task.FromResult(state.State.Owner);
}
