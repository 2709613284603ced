using Faucet.Identities;

namespace Faucet.Players;

public sealed class PlayerGrain(
    [PersistentState("player", "faucet")] IPersistentState<PlayerState> state,
    TimeProvider time) : Grain, IPlayerGrain
{
    private UserId Id => UserId.Parse(this.GetPrimaryKeyString());

    public async Task<PlayerCreation> CreateAsync(string displayName, IdentityKey firstIdentity)
    {
        if (state.State.Profile is { } existing)
        {
            return PlayerCreation.Existing(existing);
        }

        // Claim first, then persist: if the silo dies in between, the retry finds the claim already ours.
        var claim = await GrainFactory.GetGrain<IIdentityGrain>(firstIdentity.Value).ClaimAsync(Id);
        if (!claim.Granted)
        {
            return PlayerCreation.IdentityTaken(claim.Owner);
        }

        var profile = new PlayerProfile(Id, displayName.Trim(), [firstIdentity], time.GetUtcNow());
        state.State.Profile = profile;
        await state.WriteStateAsync();
        return PlayerCreation.Created(profile);
    }

    public Task<PlayerProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);
}
