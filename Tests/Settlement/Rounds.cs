using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Players;

namespace Faucet.Tests.Settlement;

/// <summary>Players with something pending, and rounds run to the end, as the settlement tests set them up.</summary>
internal static class Rounds
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A player with a linked wallet (unless <paramref name="withWallet"/> is false) and
    /// <paramref name="kills"/> kills pending, who accepted the terms at sign-up (so may buy and pull).</summary>
    public static async Task<string> PlayerAsync(IClusterClient client, int kills, bool withWallet = true)
    {
        var user = UserId.New(TimeProvider.System).Value;
        var player = client.GetGrain<IPlayerGrain>(user);
        await player.CreateAsync("P", IdentityKey.Parse($"email:{user}@example.org"));
        await PlayerTerms.AcceptAsync(client, user);
        if (withWallet)
        {
            var key = new byte[32];
            Random.Shared.NextBytes(key);
            Assert.Equal(WalletLinkStatus.Linked, await player.LinkWalletAsync(BananoAddress.FromPublicKey(key)));
        }
        await client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(kills);
        return user;
    }

    /// <summary>Opens the next round and waits until it is done or skipped.</summary>
    public static async Task<RoundView> RunAsync(IClusterClient client) =>
        await FinishedAsync(client, (await client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number);

    public static async Task<RoundView> FinishedAsync(IClusterClient client, long round)
    {
        var grain = client.GetGrain<ISettlementRoundGrain>(round);
        await Eventually.HoldsAsync(async () => (await grain.GetAsync()).Status is RoundStatus.Done or RoundStatus.Skipped, Patience, $"round {round} finishes");
        return await grain.GetAsync();
    }

    public static async Task<string> LedgerAsync(this LiveNodeCluster cluster) =>
        (await cluster.ScalarAsync("SELECT replace(id::text, '-', '') FROM faucet_ledger"))![..12];
}
