using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Players;

public sealed class PlayerGrain(
    [PersistentState("player", "faucet")] IPersistentState<PlayerState> state,
    IPlayerWallets wallets,
    PayoutOptions payout,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IPlayerGrain
{
    private UserId Id => UserId.Parse(this.GetPrimaryKeyString());

    public async Task<PlayerCreation> CreateAsync(string displayName, IdentityKey firstIdentity)
    {
        if (state.State.Profile is { } existing)
        {
            return PlayerCreation.Existing(existing);
        }

        var name = PlayerProfile.ValidDisplayName(displayName);
        var identity = IdentityKey.Parse(firstIdentity.Value);

        // Claim first, then persist: if the silo dies in between, a retry for this same user id finds the
        // claim already theirs and completes the creation.
        var claim = await GrainFactory.GetGrain<IIdentityGrain>(identity.Value).ClaimAsync(Id);
        if (!claim.Granted)
        {
            return PlayerCreation.IdentityTaken(claim.Owner);
        }

        var profile = new PlayerProfile(Id, name, [identity], time.GetUtcNow());
        state.State.Profile = profile;
        await state.WriteOrRetireAsync(this);
        return PlayerCreation.Created(profile);
    }

    public async Task<WalletLinkStatus> LinkWalletAsync(BananoAddress wallet)
    {
        if (state.State.Profile is not { } profile)
        {
            return WalletLinkStatus.NoSuchPlayer;
        }
        var now = time.GetUtcNow();
        if (profile.Wallet == wallet)
        {
            // Repeated, so the table is sure to have it (a link stored before the table existed gets its row here).
            await wallets.RecordLinkAsync(Id, wallet, now, CancellationToken.None);
            return WalletLinkStatus.AlreadyLinked;
        }
        if (profile.Wallet is not null && now < (state.State.WalletLinkedAt ?? profile.CreatedAt) + TimeSpan.FromHours(payout.WalletChangeCooldownHours))
        {
            return WalletLinkStatus.ChangeTooSoon;
        }

        var claim = await GrainFactory.GetGrain<IIdentityGrain>(IdentityKey.Parse("wallet:" + wallet.Value).Value).ClaimAsync(Id);
        if (!claim.Granted)
        {
            return WalletLinkStatus.TakenByAnotherPlayer;
        }

        // The table first: a link stored on the grain is always one that settlement can read.
        await wallets.RecordLinkAsync(Id, wallet, now, CancellationToken.None);
        state.State.Profile = profile with { Wallet = wallet };
        state.State.WalletLinkedAt = now;
        await state.WriteOrRetireAsync(this);
        return profile.Wallet is null ? WalletLinkStatus.Linked : WalletLinkStatus.Changed;
    }

    public async Task<bool> RecordEpicLinkAsync(EpicLink link)
    {
        if (state.State.Profile is not { } profile)
        {
            return false;
        }
        // The table first, as for wallets: settlement reads who is blocked from there.
        await wallets.RecordEpicLinkAsync(Id, link, CancellationToken.None);
        state.State.Profile = profile with { Epic = link };
        await state.WriteOrRetireAsync(this);
        return true;
    }

    public Task<PlayerProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);
}
