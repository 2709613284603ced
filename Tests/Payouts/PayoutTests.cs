using Faucet.Money;
using Faucet.Payouts;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Payouts;

/// <summary>Payouts made by rounds on a real silo that pays through the live node adapter into the wire-level
/// fake node: what goes on the wire, and what happens when the node does not answer, or refuses.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PayoutTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly BanAmount TwoKills = BanAmount.Parse("4.2");

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>A player with two kills pending, and the round that pays them.</summary>
    private async Task<(IRewardAccountGrain Account, IPayoutGrain Payout, RoundView Round)> PayOnePlayerAsync(IClusterClient client)
    {
        var user = await Rounds.PlayerAsync(client, kills: 2);
        var round = await Rounds.RunAsync(client);
        Assert.Equal((RoundStatus.Done, 1), (round.Status, round.PayoutsStarted));
        return (client.GetGrain<IRewardAccountGrain>(user), client.GetGrain<IPayoutGrain>(PayoutRequest.IdFor(await cluster.LedgerAsync(), round.Number, user)), round);
    }

    /// <summary>The payout's recorded history, oldest first: what each attempt ended in.</summary>
    private async Task<IReadOnlyList<(string Status, string Detail)>> HistoryAsync(string payoutId)
    {
        var rows = await cluster.ScalarAsync($"SELECT string_agg(status || E'\\t' || detail, E'\\n' ORDER BY seq) FROM payout_events WHERE payout_id = '{payoutId}'");
        return rows!.Split('\n').Select(row => row.Split('\t', 2)).Select(parts => (parts[0], parts[1])).ToList();
    }

    [Fact]
    public async Task A_payout_is_sent_once_under_its_id_from_the_operator_account_and_committed_on_the_account()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);
        var sent = (await payout.GetAsync())!;
        var again = (await payout.RetryAsync("operator")).Payout;

        Assert.Equal((PayoutStatus.Sent, 1), (sent.Status, sent.Attempts));
        Assert.Equal(sent, again);
        var onTheWire = Assert.Single(cluster.Node.Sends.Values);
        Assert.Equal((sent.PayoutId, LiveNodeCluster.Operator, sent.Request.Destination.Value, "420000000000000000000000000000", "test-wallet-0123456789"),
            (onTheWire.Id, onTheWire.Source, onTheWire.Destination, onTheWire.Amount, onTheWire.Wallet));
        Assert.Equal(onTheWire.Block, sent.Block?.Value);
        var balance = await account.GetBalanceAsync();
        Assert.Equal((BanAmount.Zero, TwoKills, BanAmount.Zero), (balance.Pending, balance.Paid, balance.Reserved));
        Assert.Equal($"sent {onTheWire.Block}", await cluster.ScalarAsync($"SELECT status || ' ' || block_hash FROM payouts WHERE payout_id = '{sent.PayoutId}'"));
        Assert.Equal("pending,sent", await cluster.ScalarAsync($"SELECT string_agg(status, ',' ORDER BY seq) FROM payout_events WHERE payout_id = '{sent.PayoutId}'"));
    }

    [Fact]
    public async Task A_payout_the_node_did_not_answer_is_sent_again_with_the_same_id_and_paid_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        // The adapter makes three tries per attempt: all three go unanswered, and the last one acted.
        cluster.Node.InjectOnSend(new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.LoseReply());

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Sent, Patience, "the payout is sent on a later attempt");

        // The first attempt's outcome is read from the payout's history: its retry may already have run by the time
        // the round returns (the backoff is one to three seconds).
        var history = await HistoryAsync((await payout.GetAsync())!.PayoutId);
        Assert.Equal(["pending", "pending", "sent"], history.Select(e => e.Status));
        Assert.Contains("did not answer", history[1].Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await payout.GetAsync())!.Attempts);
        Assert.Single(cluster.Node.Sends);
        Assert.Empty(cluster.Node.Conflicts);
        Assert.Equal(TwoKills, (await account.GetBalanceAsync()).Paid);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_refused_send_is_tried_again_by_the_payouts_timer_when_its_backoff_ends_with_no_reminder_due_whether_the_faucet_clock_runs_or_stands_still(bool clockRuns)
    {
        await using var silo = await cluster.StartSiloAsync(clock: new SettableClock(DateTimeOffset.UtcNow, runs: clockRuns), reminderPeriod: TimeSpan.FromMinutes(10));
        await using var client = await cluster.StartClientAsync();
        cluster.Node.InjectOnSend(new FakeBananoNode.Fault.NodeError("Wallet is locked"));

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);
        // The first backoff is one to three seconds; the payout's reminder would not come back for ten minutes.
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Sent, TimeSpan.FromSeconds(15), "the timer sends the payout once its backoff ends");

        var history = await HistoryAsync((await payout.GetAsync())!.PayoutId);
        Assert.Equal(["pending", "pending", "sent"], history.Select(e => e.Status));
        Assert.Contains("Wallet is locked", history[1].Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await payout.GetAsync())!.Attempts);
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(TwoKills, (await account.GetBalanceAsync()).Paid);
    }

    [Fact]
    public async Task A_payout_the_node_never_answers_stays_pending_instead_of_failing_and_paying_twice_later()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        cluster.Node.InjectOnSend(Enumerable.Range(0, 12).Select(_ => (FakeBananoNode.Fault)new FakeBananoNode.Fault.HttpError(503)).ToArray());

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);
        for (var i = 0; i < 3; i++)
        {
            await payout.RetryAsync("operator");
        }

        var view = (await payout.GetAsync())!;
        Assert.Equal(PayoutStatus.Pending, view.Status);
        Assert.True(view.Attempts >= 4, $"{view.Attempts} attempts, more than max_payout_attempts, and still pending");
        Assert.Equal(TwoKills, (await account.GetBalanceAsync()).Reserved);
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Sent, Patience, "sent once the node answers");
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(TwoKills, (await account.GetBalanceAsync()).Paid);
    }

    [Fact]
    public async Task A_payout_the_node_keeps_refusing_fails_after_its_attempts_and_the_amount_is_pending_again()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        cluster.Node.InjectOnSend(Enumerable.Range(0, 3).Select(_ => (FakeBananoNode.Fault)new FakeBananoNode.Fault.NodeError("Wallet is locked")).ToArray());

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Failed, Patience, "the payout failed after three attempts");

        var balance = await account.GetBalanceAsync();
        Assert.Equal((TwoKills, BanAmount.Zero, BanAmount.Zero), (balance.Pending, balance.Reserved, balance.Paid));
        Assert.Empty(cluster.Node.Sends);
        var id = (await payout.GetAsync())!.PayoutId;
        Assert.Equal("failed 3", await cluster.ScalarAsync($"SELECT status || ' ' || attempts FROM payouts WHERE payout_id = '{id}'"));
    }

    [Fact]
    public async Task A_payout_left_pending_by_a_stopped_silo_is_sent_by_the_next_one()
    {
        string id, user;
        await using (var silo = await cluster.StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            cluster.Node.InjectOnSend(new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang());
            var (_, payout, _) = await PayOnePlayerAsync(client.Client);
            var view = (await payout.GetAsync())!;
            Assert.Equal(PayoutStatus.Pending, view.Status);
            (id, user) = (view.PayoutId, view.Request.UserId);
        }

        await using var restarted = await cluster.StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        await Eventually.HoldsAsync(async () => await cluster.ScalarAsync($"SELECT status FROM payouts WHERE payout_id = '{id}'") == "sent",
            Patience, "the reminder sends the pending payout after the restart");
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(TwoKills, (await again.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()).Paid);
    }

    [Fact]
    public async Task A_dry_run_against_a_live_node_sends_nothing_and_keeps_the_amount_pending()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var client = await cluster.StartClientAsync();

        var (account, payout, _) = await PayOnePlayerAsync(client.Client);

        Assert.Equal((PayoutStatus.DryRun, 0), ((await payout.GetAsync())!.Status, (await payout.GetAsync())!.Attempts));
        Assert.Empty(cluster.Node.Sends);
        var balance = await account.GetBalanceAsync();
        Assert.Equal((TwoKills, BanAmount.Zero, BanAmount.Zero), (balance.Pending, balance.Reserved, balance.Paid));
    }
}
