using Faucet.Money;
using Faucet.Payouts;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Cluster;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Payouts;

/// <summary>Payouts on a real silo that pays through the live node adapter into the wire-level fake node.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PayoutGrainTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly BananoAddress Player = BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Operator = LiveNodeCluster.Operator;

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private Task<SiloProcess> StartSiloAsync(bool dryRun = false) => cluster.StartSiloAsync(dryRun);

    private static async Task<(IRewardAccountGrain Account, PayoutRequest Request)> ReserveAsync(IClusterClient client, string amount = "5")
    {
        var user = UserId.New(TimeProvider.System).Value;
        var account = client.GetGrain<IRewardAccountGrain>(user);
        await account.AccrueClicksAsync("seed", BanAmount.Parse("10"));
        await account.ReserveAsync(1, BanAmount.Parse(amount));
        return (account, new PayoutRequest(user, 1, Player, BanAmount.Parse(amount), "test"));
    }

    [Fact]
    public async Task A_payout_is_sent_once_under_its_id_and_the_reservation_is_committed()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (account, request) = await ReserveAsync(client.Client);
        var payout = client.Client.GetGrain<IPayoutGrain>(request.PayoutId);

        var sent = await payout.StartAsync(request);
        var again = await payout.StartAsync(request);

        Assert.Equal(PayoutStatus.Sent, sent.Status);
        Assert.Equal(sent, again);
        var onTheWire = Assert.Single(cluster.Node.Sends.Values);
        Assert.Equal((request.PayoutId, Operator, Player.Value, "500000000000000000000000000000", "test-wallet-0123456789"),
            (onTheWire.Id, onTheWire.Source, onTheWire.Destination, onTheWire.Amount, onTheWire.Wallet));
        Assert.Equal(onTheWire.Block, sent.Block?.Value);
        var balance = await account.GetBalanceAsync();
        Assert.Equal((BanAmount.Parse("5"), BanAmount.Parse("5"), BanAmount.Zero), (balance.Pending, balance.Paid, balance.Reserved));
        Assert.Equal($"sent {onTheWire.Block}", await ScalarAsync($"SELECT status || ' ' || block_hash FROM payouts WHERE payout_id = '{request.PayoutId}'"));
    }

    [Fact]
    public async Task A_payout_the_node_did_not_answer_is_sent_again_with_the_same_id_and_paid_once()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (_, request) = await ReserveAsync(client.Client);
        var payout = client.Client.GetGrain<IPayoutGrain>(request.PayoutId);
        // The adapter makes three tries per attempt: all three go unanswered, and the last one acted.
        cluster.Node.Inject(new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.LoseReply());

        var first = await payout.StartAsync(request);

        Assert.Equal((PayoutStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Contains("did not answer", first.LastError, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Sent, Patience, "the payout is sent on a later attempt");
        Assert.Single(cluster.Node.Sends);
        Assert.Empty(cluster.Node.Conflicts);
    }

    [Fact]
    public async Task A_payout_the_node_never_answers_stays_pending_instead_of_failing_and_paying_twice_later()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (account, request) = await ReserveAsync(client.Client);
        var payout = client.Client.GetGrain<IPayoutGrain>(request.PayoutId);
        cluster.Node.Inject(Enumerable.Range(0, 12).Select(_ => (FakeBananoNode.Fault)new FakeBananoNode.Fault.HttpError(503)).ToArray());

        await payout.StartAsync(request);
        for (var i = 0; i < 3; i++)
        {
            await payout.RetryAsync();
        }

        var view = (await payout.GetAsync())!;
        Assert.Equal(PayoutStatus.Pending, view.Status);
        Assert.Equal(4, view.Attempts);
        Assert.Equal(BanAmount.Parse("5"), (await account.GetBalanceAsync()).Reserved);
        await Eventually.HoldsAsync(async () => (await payout.GetAsync())!.Status == PayoutStatus.Sent, Patience, "sent once the node answers");
        Assert.Single(cluster.Node.Sends);
    }

    [Fact]
    public async Task A_payout_the_node_keeps_refusing_fails_after_its_attempts_and_the_amount_is_pending_again()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (account, request) = await ReserveAsync(client.Client);
        cluster.Node.Inject(Enumerable.Range(0, 3).Select(_ => (FakeBananoNode.Fault)new FakeBananoNode.Fault.NodeError("Wallet is locked")).ToArray());

        await client.Client.GetGrain<IPayoutGrain>(request.PayoutId).StartAsync(request);
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IPayoutGrain>(request.PayoutId).GetAsync())!.Status == PayoutStatus.Failed,
            Patience, "the payout failed after three attempts");

        await Eventually.HoldsAsync(async () => (await account.GetBalanceAsync()).Reserved == BanAmount.Zero, Patience, "the reservation is released");
        Assert.Equal(BanAmount.Parse("10"), (await account.GetBalanceAsync()).Pending);
        Assert.Empty(cluster.Node.Sends);
        Assert.Equal("failed 3", await ScalarAsync($"SELECT status || ' ' || attempts FROM payouts WHERE payout_id = '{request.PayoutId}'"));
    }

    [Fact]
    public async Task A_payout_left_pending_by_a_stopped_silo_is_sent_by_the_next_one()
    {
        PayoutRequest request;
        await using (var silo = await StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            (_, request) = await ReserveAsync(client.Client);
            cluster.Node.Inject(new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang());
            Assert.Equal(PayoutStatus.Pending, (await client.Client.GetGrain<IPayoutGrain>(request.PayoutId).StartAsync(request)).Status);
        }

        await using var restarted = await StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT status FROM payouts WHERE payout_id = '{request.PayoutId}'") == "sent",
            Patience, "the reminder sends the pending payout after the restart");
        Assert.Single(cluster.Node.Sends);
        Assert.Equal(BanAmount.Parse("5"), (await again.Client.GetGrain<IRewardAccountGrain>(request.UserId).GetBalanceAsync()).Paid);
    }

    [Fact]
    public async Task A_dry_run_against_a_live_node_sends_nothing_and_keeps_the_amount_pending()
    {
        await using var silo = await StartSiloAsync(dryRun: true);
        await using var client = await cluster.StartClientAsync();
        var (account, request) = await ReserveAsync(client.Client);

        var payout = await client.Client.GetGrain<IPayoutGrain>(request.PayoutId).StartAsync(request);

        Assert.Equal(PayoutStatus.DryRun, payout.Status);
        Assert.Equal(0, cluster.Node.Requests);
        Assert.Equal(BanAmount.Parse("10"), (await account.GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task A_payout_id_cannot_be_reused_for_another_payment()
    {
        await using var silo = await StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var (_, request) = await ReserveAsync(client.Client);
        var payout = client.Client.GetGrain<IPayoutGrain>(request.PayoutId);
        await payout.StartAsync(request);

        await Assert.ThrowsAsync<ArgumentException>(() => payout.StartAsync(request with { Amount = BanAmount.Parse("6") }));

        Assert.Single(cluster.Node.Sends);
        Assert.Equal("500000000000000000000000000000", cluster.Node.Sends.Values.Single().Amount);
    }

    private Task<string?> ScalarAsync(string sql) => cluster.ScalarAsync(sql);
}
