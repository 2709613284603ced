using System.Globalization;
using Faucet.Account;
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

    [Fact]
    public async Task A_round_pays_each_player_with_a_wallet_what_is_pending_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var paid = new[] { await Rounds.PlayerAsync(client.Client, 1), await Rounds.PlayerAsync(client.Client, 2), await Rounds.PlayerAsync(client.Client, 3) };
        var noWallet = await Rounds.PlayerAsync(client.Client, 4, withWallet: false);

        var started = await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator");
        var round = await Rounds.FinishedAsync(client.Client, started.Number);

        Assert.Equal((RoundStatus.Done, 4, 3, 1), (round.Status, round.Planned, round.PayoutsStarted, round.SkippedNoWallet));
        Assert.Equal(BanAmount.Parse("12.6"), round.Total);
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 3), Patience, "three sends");
        foreach (var (user, kills) in paid.Zip([1, 2, 3]))
        {
            var send = cluster.Node.Sends[PayoutRequest.IdFor(await cluster.LedgerAsync(), round.Number, user)];
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
        // The feed carries other events too (leaderboard tops): a subscriber takes object and picks.
        var feed = client.Client.GetStreamProvider(FeedStreams.ProviderName)
            .GetStream<object>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));
        var subscription = await feed.SubscribeAsync((e, _) =>
        {
            if (e is PayoutSentEvent payout)
            {
                announced.Add(payout);
            }
            return Task.CompletedTask;
        });
        var users = new[] { await Rounds.PlayerAsync(client.Client, 1), await Rounds.PlayerAsync(client.Client, 2) };

        await Rounds.FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number);

        await Eventually.HoldsAsync(() => Task.FromResult(announced.Count == 2), Patience, "both payouts are announced");
        Assert.Equal(users.Order(StringComparer.Ordinal), announced.Select(e => e.UserId).Order(StringComparer.Ordinal));
        Assert.All(announced, e => Assert.Equal(cluster.Node.Sends[e.PayoutId].Block, e.Block.Value));
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task In_the_shipped_configuration_a_round_records_dry_run_payouts_and_moves_no_ban()
    {
        // The simulated node and dry_run: true, without demo: a dry run never uses a player's pending BAN.
        await using var silo = await SiloProcess.StartAsync(cluster.Database);
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 3);

        var round = await Rounds.FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number);

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
        var user = await Rounds.PlayerAsync(client.Client, 1);
        var scheduler = client.Client.GetGrain<ISettlementSchedulerGrain>("default");
        await Rounds.FinishedAsync(client.Client, (await scheduler.RunNowAsync("operator")).Number);
        await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(5);

        var second = await Rounds.FinishedAsync(client.Client, (await scheduler.RunNowAsync("operator")).Number);

        Assert.Equal((2L, 0, 1), (second.Number, second.PayoutsStarted, second.SkippedByCaps));
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(BanAmount.Parse("8.4"), (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task A_player_below_the_payout_threshold_waits_for_a_later_round_without_using_a_cap_and_is_told_how_much_is_left()
    {
        // 5 BAN to be paid: one kill (2.1 BAN) is not enough, a third kill (6.3 BAN) is.
        cluster.Config.SetLine("payout.yaml", "min_payout_ban", "min_payout_ban: 5");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 1);
        var due = await Rounds.PlayerAsync(client.Client, 3);
        var status = client.Client.GetGrain<IAccountStatusGrain>(0);

        var waiting = await status.GetAsync(user);
        var first = await Rounds.RunAsync(client.Client);
        var capsAfterFirst = (await status.GetAsync(user))!.Caps;
        await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(3);
        var reached = await status.GetAsync(user);
        var second = await Rounds.RunAsync(client.Client);

        Assert.Equal((BanAmount.Parse("5"), BanAmount.Parse("2.9")), (waiting!.MinPayout, waiting.NeededForPayout));
        Assert.Equal((1, 0), (first.PayoutsStarted, first.SkippedByCaps));
        Assert.Equal((1, 3), (capsAfterFirst.PayoutsToday, capsAfterFirst.PayoutsThisWeek));
        Assert.Equal(BanAmount.Zero, reached!.NeededForPayout);
        Assert.Equal(1, second.PayoutsStarted);
        Assert.Equal(["6.3", "6.3"], cluster.Node.Sends.Values.Select(s => BanAmount.FromRaw(UInt128.Parse(s.Amount, CultureInfo.InvariantCulture)).ToString()));
        Assert.Equal([$"-r1-{due}", $"-r2-{user}"], cluster.Node.Sends.Keys.Select(id => id[id.IndexOf("-r", StringComparison.Ordinal)..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_player_is_paid_once_a_day_and_three_times_a_week_with_the_windows_turning_at_midnight_and_on_monday()
    {
        // payout.yaml as shipped: daily_payout_cap 1, weekly_payout_cap 3, reset_tz UTC. Wednesday, an hour to midnight.
        // The clock runs while the silo starts and rounds settle, so each date set is far enough ahead of the
        // last that a slow machine cannot have passed it (a round may take 90 s), and the windows still turn
        // between the last minutes before midnight and midnight.
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 1);
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        var kills = 1;
        async Task<RoundView> KillAndSettleAsync(DateTimeOffset at)
        {
            await account.AccrueKillsAsync(++kills);
            clock.Set(at);
            return await Rounds.RunAsync(client.Client);
        }

        var wednesday = await Rounds.RunAsync(client.Client);
        var wednesdayAgain = await KillAndSettleAsync(new DateTimeOffset(2026, 11, 25, 23, 55, 0, TimeSpan.Zero));
        clock.Set(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        var thursday = await Rounds.RunAsync(client.Client);
        var friday = await KillAndSettleAsync(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var sunday = await KillAndSettleAsync(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero));
        clock.Set(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        var monday = await Rounds.RunAsync(client.Client);

        Assert.Equal([1, 0, 1, 1, 0, 1], new[] { wednesday, wednesdayAgain, thursday, friday, sunday, monday }.Select(r => r.PayoutsStarted));
        Assert.Equal([0, 1, 0, 0, 1, 0], new[] { wednesday, wednesdayAgain, thursday, friday, sunday, monday }.Select(r => r.SkippedByCaps));
        // Each payout is everything pending at the time: one kill each, 2.1 BAN.
        Assert.Equal(4, cluster.Node.Sends.Count);
        Assert.All(cluster.Node.Sends.Values, send => Assert.Equal("210000000000000000000000000000", send.Amount));
        var balance = await account.GetBalanceAsync();
        Assert.Equal((BanAmount.Parse("8.4"), BanAmount.Zero, BanAmount.Zero), (balance.Paid, balance.Pending, balance.Reserved));
    }

    [Fact]
    public async Task A_round_below_the_operator_floor_sends_nothing_and_says_why()
    {
        cluster.Node.Balances[LiveNodeCluster.Operator] = UInt128.Parse("4999999999999999999999999999999", CultureInfo.InvariantCulture);
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 2);

        var round = await Rounds.FinishedAsync(client.Client, (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number);

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
        var user = await Rounds.PlayerAsync(client.Client, 1);
        var scheduler = client.Client.GetGrain<ISettlementSchedulerGrain>("default");
        cluster.Node.Inject(new FakeBananoNode.Fault.HttpError(503), new FakeBananoNode.Fault.HttpError(503), new FakeBananoNode.Fault.HttpError(503));

        var skipped = await Rounds.FinishedAsync(client.Client, (await scheduler.RunNowAsync("operator")).Number);
        var next = await Rounds.FinishedAsync(client.Client, (await scheduler.RunNowAsync("operator")).Number);

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
        // Small batches, so that the kill lands mid-round: some batches done, one with sends in flight.
        using (var doomed = cluster.StartSiloProgram("--Faucet:Settlement:PlayersPerBatch=4"))
        {
            await using var client = await cluster.StartClientAsync();
            users = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => Rounds.PlayerAsync(client.Client, i)));
            number = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number;
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count >= 5), Patience, "the round is under way");
            doomed.Kill();
        }
        Assert.True(cluster.Node.Sends.Count < 30, "the silo died mid-round");

        cluster.Node.Latency = TimeSpan.Zero;
        await using var survivor = await cluster.StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        var round = await Rounds.FinishedAsync(again.Client, number);

        Assert.Equal((30, 30), (round.Planned, round.PayoutsStarted));
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 30), Patience, "every player is paid");
        var ledger = await cluster.LedgerAsync();
        Assert.Equal(users.Select(u => PayoutRequest.IdFor(ledger, number, u)).Order(StringComparer.Ordinal), cluster.Node.Sends.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(cluster.Node.Conflicts);
        foreach (var user in users)
        {
            await Eventually.HoldsAsync(async () => (await again.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b && b.Pending == BanAmount.Zero && b.Reserved == BanAmount.Zero,
                Patience, $"{user} is paid in full and nothing stays reserved");
        }
    }
}
