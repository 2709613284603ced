using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Faucet.Account;

/// <summary>
/// Gathers a player's status from the grains that own each part, each from its memory: the profile from the Player
/// grain, the balances and what the caps leave from the RewardAccount grain, the next run from the scheduler. It keeps
/// nothing, so any silo can run it, and one key serves every player (a key per player would leave an activation per
/// player on every silo).
/// </summary>
[StatelessWorker]
public sealed class AccountStatusGrain(PayoutOptions payout) : Grain, IAccountStatusGrain
{
    private ISettlementSchedulerGrain? scheduler;

    public async Task<AccountStatus?> GetAsync(string userId)
    {
        if (await GrainFactory.GetGrain<IPlayerGrain>(userId).GetProfileAsync() is not { } profile)
        {
            return null;
        }
        var standing = GrainFactory.GetGrain<IRewardAccountGrain>(userId).GetStandingAsync();
        // Making a grain reference reads the interface's attributes each time; the scheduler's is kept.
        var schedule = (scheduler ??= GrainFactory.GetGrain<ISettlementSchedulerGrain>("default")).GetAsync();
        var (balance, caps) = await standing;
        var pending = balance.Pending;
        return new AccountStatus(profile, balance, caps,
            (await schedule).NextRunAt,
            payout.MinPayoutBan,
            pending < payout.MinPayoutBan ? BanAmount.FromRaw(payout.MinPayoutBan.Raw - pending.Raw) : BanAmount.Zero);
    }
}
