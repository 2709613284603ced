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
/// Gathers a player's status from the grains that own each part, and works out what the caps leave from the payouts
/// the cap windows count (the same rule a settlement round applies). It keeps nothing, so any silo can run it, and one
/// key serves every player (a key per player would leave an activation per player on every silo).
/// </summary>
[StatelessWorker]
public sealed class AccountStatusGrain(
    ISettlementStore settlement,
    PayoutOptions payout,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IAccountStatusGrain
{
    public async Task<AccountStatus?> GetAsync(string userId)
    {
        if (await GrainFactory.GetGrain<IPlayerGrain>(userId).GetProfileAsync() is not { } profile)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var caps = CapPolicy.From(payout);
        var windows = caps.WindowsAt(now);
        var balance = GrainFactory.GetGrain<IRewardAccountGrain>(userId).GetBalanceAsync();
        var scheduler = GrainFactory.GetGrain<ISettlementSchedulerGrain>("default").GetAsync();
        var counted = settlement.CountedPayoutsSinceAsync(userId, windows.WeekStart, CancellationToken.None);
        var left = caps.Remaining(await counted, now);
        var pending = (await balance).Pending;
        return new AccountStatus(profile, await balance,
            new CapsLeft(left.PayoutsLeftToday, left.PayoutsLeftThisWeek, left.BanLeftToday, left.BanLeftThisWeek, windows.DayEnd, windows.WeekEnd),
            (await scheduler).NextRunAt,
            payout.MinPayoutBan,
            pending < payout.MinPayoutBan ? BanAmount.FromRaw(payout.MinPayoutBan.Raw - pending.Raw) : BanAmount.Zero);
    }
}
