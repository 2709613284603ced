using System.Globalization;
using Faucet.Feed;
using Faucet.Identities;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Payouts;
using Faucet.Tests.Cluster;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Orleans.Streams;

namespace Faucet.Tests.Settlement;

/// <summary>Settlement rounds on a real silo, paying through the live adapter into the wire-level fake node.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementRoundTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>A player with a linked wallet (unless <paramref name="withWallet"/> is false) and kills pending.</summary>
    private static async Task<string> PlayerAsync(IClusterClient client, int kills, bool withWallet = true)
    {
        var user = UserId.New(TimeProvider.System).Value;
        var player = client.GetGrain<IPlayerGrain>(user);
        await player.CreateAsync("P", IdentityKey.Parse($"email:{user}@example.org"));
        if (withWallet)
        {
            var key = new byte[32];
            Random.Shared.NextBytes(key);
            Assert.Equal(WalletLinkStatus.Linked, await player.LinkWalletAsync(BananoAddress.FromPublicKey(key)));
        }
        await client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(kills);
        return user;
    }

    private async Task<string> LedgerAsync() => (await cluster.ScalarAsync("SELECT replace(id::text, '-', '') FROM faucet_ledger"))![..12];

    private static async Task<RoundView> FinishedAsync(IClusterClient client, long round)
    {
        var grain = client.GetGrain<ISettlementRoundGrain>(round);
        await Eventually.HoldsAsync(async () => (await grain.GetAsync()).Status is RoundStatus.Done or RoundStatus.Skipped, Patience, $"round {round} finishes");
        return await grain.GetAsync();
    }

    [Fact]
    public async Task A_round_pays_each_player_with_a_wallet_what_is_pending_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var paid = new[] { await PlayerAsync(client.Client, 1), await PlayerAsync(client.Client, 2), await PlayerAsync(client.Client, 3) };
        var noWallet = await PlayerAsync(client.Client, 4, withWallet: false);

        var started = await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync();
        var round = await FinishedAsync(client.Client, started.Number);

        Assert.Equal((RoundStatus.Done, 4, 3, 1), (round.Status, round.Planned, round.PayoutsStarted, round.SkippedNoWallet));
        Assert.Equal(BanAmount.Parse("12.6"), round.Total);
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 3), Patience, "three sends");
        foreach (var (user, kills) in paid.Zip([1, 2, 3]))
        {
            var send = cluster.Node.Sends[PayoutRequest.IdFor(await LedgerAsync(), round.Number, user)];
            Assert.Equal((BanAmount.Parse("2.1").Raw * (UInt128)kills).ToString(CultureInfo.InvariantCulture), send.Amount);
            await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Paid == BanAmount.FromRaw(BanAmount.Parse("2.1").Raw * (UInt128)kills),
                Patience, "the payout is committed on the account");
        }
        Assert.Equal(BanAmount.Parse("8.4"), (await client.Client.GetGrain<IRewardAccountGrain>(noWallet).GetBalanceAsync()).Pending);
        Assert.Empty(cluster.Node.Conflicts);
    }

    [Fact]
    public async Task Each_payout_sent_is_announced_on_the_live_feed()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var announced = new System.Collections.Concurrent.ConcurrentBag<PayoutSentEvent>();
        var feed = client.Client.GetStreamProvider(FeedStreams.ProviderName)
            .GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));
        var subscription = await feed.SubscribeAsync((e, _) =>
        {
            announced.Add(e);
            return Task.CompletedTask;
        });
        var users = new[] { await PlayerAsync(client.Client, 1), await PlayerAsync(client.Client, 2) };

        await FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync()).Number);

        await Eventually.HoldsAsync(() => Task.FromResult(announced.Count == 2), Patience, "both payouts are announced");
        Assert.Equal(users.Order(StringComparer.Ordinal), announced.Select(e => e.UserId).Order(StringComparer.Ordinal));
        Assert.All(announced, e => Assert.Equal(cluster.Node.Sends[e.PayoutId].Block, e.Block.Value));
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task In_the_shipped_demo_configuration_a_round_records_dry_run_payouts_and_moves_no_ban()
    {
        // As ./faucet up runs it: the simulated node and dry_run: true.
        await using var silo = await SiloProcess.StartAsync(cluster.Database);
        await using var client = await cluster.StartClientAsync();
        var user = await PlayerAsync(client.Client, 3);

        var round = await FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync()).Number);

        Assert.Equal((RoundStatus.Done, 1), (round.Status, round.PayoutsStarted));
        await Eventually.HoldsAsync(async () => await cluster.ScalarAsync("SELECT status FROM payouts") == "dry_run", Patience, "the payout is recorded as a dry run");
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b
            && b.Pending == BanAmount.Parse("6.3") && b.Reserved == BanAmount.Zero && b.Paid == BanAmount.Zero, Patience, "the amount is pending again");
        Assert.Equal(0, cluster.Node.Requests);
    }

    [Fact]
    public async Task A_second_round_the_same_day_pays_nobody_the_daily_cap_already_paid()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await PlayerAsync(client.Client, 1);
        var scheduler = client.Client.GetGrain<ISettlementSchedulerGrain>("default");
        await FinishedAsync(client.Client, (await scheduler.RunNowAsync()).Number);
        await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(5);

        var second = await FinishedAsync(client.Client, (await scheduler.RunNowAsync()).Number);

        Assert.Equal((2L, 0, 1), (second.Number, second.PayoutsStarted, second.SkippedByCaps));
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(BanAmount.Parse("8.4"), (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task A_round_below_the_operator_floor_sends_nothing_and_says_why()
    {
        cluster.Node.Balances[LiveNodeCluster.Operator] = UInt128.Parse("4999999999999999999999999999999", CultureInfo.InvariantCulture);
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await PlayerAsync(client.Client, 2);

        var round = await FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync()).Number);

        Assert.Equal(RoundStatus.Skipped, round.Status);
        Assert.Contains("below the floor of 50 BAN", round.SkipReason, StringComparison.Ordinal);
        Assert.Empty(cluster.Node.Sends);
        Assert.Equal(BanAmount.Zero, (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Reserved);
    }

    [Fact]
    public async Task A_round_whose_balance_check_gets_no_answer_is_skipped_and_the_next_round_pays()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await PlayerAsync(client.Client, 1);
        var scheduler = client.Client.GetGrain<ISettlementSchedulerGrain>("default");
        cluster.Node.Inject(new FakeBananoNode.Fault.HttpError(503), new FakeBananoNode.Fault.HttpError(503), new FakeBananoNode.Fault.HttpError(503));

        var skipped = await FinishedAsync(client.Client, (await scheduler.RunNowAsync()).Number);
        var next = await FinishedAsync(client.Client, (await scheduler.RunNowAsync()).Number);

        Assert.Equal(RoundStatus.Skipped, skipped.Status);
        Assert.Contains("could not be read", skipped.SkipReason, StringComparison.Ordinal);
        Assert.Equal((RoundStatus.Done, 1), (next.Status, next.PayoutsStarted));
        Assert.Single(cluster.Node.Sends);
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Paid == BanAmount.Parse("2.1"),
            Patience, "the next round paid");
    }

    [Fact]
    public async Task A_round_whose_silo_is_killed_mid_round_resumes_on_another_and_pays_everyone_exactly_once()
    {
        string[] users;
        long number;
        cluster.Node.Latency = TimeSpan.FromMilliseconds(150);
        using (var doomed = cluster.StartSiloProgram())
        {
            await using var client = await cluster.StartClientAsync();
            users = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => PlayerAsync(client.Client, i)));
            number = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync()).Number;
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count >= 5), Patience, "the round is under way");
            doomed.Kill();
        }
        Assert.True(cluster.Node.Sends.Count < 30, "the silo died mid-round");

        cluster.Node.Latency = TimeSpan.Zero;
        await using var survivor = await cluster.StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        var round = await FinishedAsync(again.Client, number);

        Assert.Equal((30, 30), (round.Planned, round.PayoutsStarted));
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 30), Patience, "every player is paid");
        var ledger = await LedgerAsync();
        Assert.Equal(users.Select(u => PayoutRequest.IdFor(ledger, number, u)).Order(StringComparer.Ordinal), cluster.Node.Sends.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(cluster.Node.Conflicts);
        foreach (var user in users)
        {
            await Eventually.HoldsAsync(async () => (await again.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b && b.Pending == BanAmount.Zero && b.Reserved == BanAmount.Zero,
                Patience, $"{user} is paid in full and nothing stays reserved");
        }
    }
}
