using Faucet.Configuration;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tests.Integrations;

/// <summary>The live JSON RPC adapter, registered as the silo registers it, against a wire-level fake node.</summary>
public sealed class BananoRpcClientTests : IAsyncLifetime
{
    private static readonly BananoAddress Operator = BananoAddress.Parse("ban_1111111111111111111111111111111111111111111111111111hifc8npp");
    private static readonly BananoAddress Player = BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3");
    private static readonly BananoAddress Donor = BananoAddress.FromPublicKey(Enumerable.Repeat((byte)9, 32).ToArray());

    private FakeBananoNode node = null!;
    private ServiceProvider services = null!;

    private IBananoNode Client => services.GetRequiredService<IBananoNode>();

    public async Task InitializeAsync()
    {
        node = await FakeBananoNode.StartAsync();
        var options = new BananoOptions
        {
            Mode = IntegrationMode.Live,
            NodeRpc = node.Url.ToString(),
            TimeoutSeconds = 1,
            SourceAccounts = [Operator.Value],
        };
        services = new ServiceCollection().AddBananoNode(options).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await node.DisposeAsync();
    }

    private static BananoSend Send(string id, string amount = "2.1") => new("wallet-1", Operator, Player, BanAmount.Parse(amount), id);

    /// <summary>A first call, so that the faults queued next reach the requests they are meant for: a fresh client's
    /// first call can outlast the attempt timeout on a loaded machine (see <see cref="A_node_error_is_typed_and_not_retried"/>).</summary>
    private async Task WarmUpAsync() => await Client.GetBalanceAsync(Operator, CancellationToken.None);

    [Fact]
    public async Task A_send_puts_source_destination_raw_amount_and_id_on_the_wire_and_returns_the_block()
    {
        var block = await Client.SendAsync(Send("payout-1"), CancellationToken.None);

        var sent = Assert.Single(node.Sends.Values);
        Assert.Equal(("wallet-1", Operator.Value, Player.Value, "210000000000000000000000000000", "payout-1"), (sent.Wallet, sent.Source, sent.Destination, sent.Amount, sent.Id));
        Assert.Equal(sent.Block, block.Value);
    }

    [Fact]
    public async Task Sending_the_same_id_again_returns_the_first_block_and_pays_once()
    {
        var first = await Client.SendAsync(Send("payout-2"), CancellationToken.None);
        var again = await Client.SendAsync(Send("payout-2"), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(node.Sends);
        Assert.Equal(2, node.Requests);
    }

    [Fact]
    public async Task A_send_whose_reply_was_lost_is_retried_with_the_same_id_and_pays_once()
    {
        node.Inject(new FakeBananoNode.Fault.LoseReply());

        var block = await Client.SendAsync(Send("payout-3"), CancellationToken.None);

        Assert.Equal(node.Sends["payout-3"].Block, block.Value);
        Assert.Single(node.Sends);
        Assert.Empty(node.Conflicts);
        Assert.Equal(2, node.Requests);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        node.Inject(new FakeBananoNode.Fault.HttpError(503));

        await Client.SendAsync(Send("payout-4"), CancellationToken.None);

        Assert.Equal(2, node.Requests);
        Assert.Single(node.Sends);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_is_reported_unreachable_after_its_retries()
    {
        node.Inject(new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang(), new FakeBananoNode.Fault.Hang());

        var error = await Assert.ThrowsAsync<BananoNodeException>(() => Client.SendAsync(Send("payout-5"), CancellationToken.None));

        Assert.Equal(BananoNodeFailure.Unreachable, error.Failure);
        Assert.True(error.IsTransient);
        Assert.Equal(3, node.Requests);
        Assert.Empty(node.Sends);
    }

    [Theory]
    [InlineData("Insufficient balance", BananoNodeFailure.InsufficientBalance)]
    [InlineData("Wallet not found", BananoNodeFailure.Rejected)]
    public async Task A_node_error_is_typed_and_not_retried(string message, BananoNodeFailure failure)
    {
        // The first call on a fresh client pays for compiling its whole pipeline, which on a loaded machine can outlast
        // the 1 s attempt timeout: the fault would go to an attempt that timed out, and the retry would succeed.
        await Client.GetBalanceAsync(Operator, CancellationToken.None);
        node.Inject(new FakeBananoNode.Fault.NodeError(message));

        var error = await Assert.ThrowsAsync<BananoNodeException>(() => Client.SendAsync(Send("payout-6"), CancellationToken.None));

        Assert.Equal(failure, error.Failure);
        Assert.False(error.IsTransient);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, node.Requests);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_protocol_is_an_invalid_response()
    {
        node.Inject(new FakeBananoNode.Fault.Garbage());

        var error = await Assert.ThrowsAsync<BananoNodeException>(() => Client.GetBalanceAsync(Operator, CancellationToken.None));

        Assert.Equal(BananoNodeFailure.InvalidResponse, error.Failure);
    }

    [Fact]
    public async Task Balances_are_read_exactly_in_raw()
    {
        node.Balances[Operator.Value] = UInt128.Parse("5000000000000000000000000000001", System.Globalization.CultureInfo.InvariantCulture);

        var balance = await Client.GetBalanceAsync(Operator, CancellationToken.None);

        Assert.Equal(BanAmount.Parse("50.00000000000000000000000000001"), balance.Balance);
        Assert.Equal(BanAmount.Zero, balance.Receivable);
    }

    [Fact]
    public async Task Account_info_is_null_for_an_unopened_account()
    {
        node.Balances[Operator.Value] = 1;

        Assert.Null(await Client.GetAccountInfoAsync(Player, CancellationToken.None));
        var info = await Client.GetAccountInfoAsync(Operator, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(7, info.BlockCount);
    }

    [Fact]
    public async Task A_donation_seen_receivable_and_then_received_keeps_its_send_block_amount_and_sender()
    {
        var sendBlock = node.Donate(Donor.Value, Operator.Value, UInt128.Parse("1900000000000000000000000000001", System.Globalization.CultureInfo.InvariantCulture), received: false);

        var receivable = Assert.Single(await Client.GetIncomingAsync(Operator, 10, CancellationToken.None));
        var receivedFrom = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        node.Receive(sendBlock);
        var receivedBy = DateTimeOffset.UtcNow;
        var received = Assert.Single(await Client.GetIncomingAsync(Operator, 10, CancellationToken.None));

        Assert.Equal((sendBlock, Donor, BanAmount.Parse("19.00000000000000000000000000001"), false, (DateTimeOffset?)null),
            (receivable.SendBlock.Value, receivable.From, receivable.Amount, receivable.Received, receivable.At));
        Assert.Equal((receivable.SendBlock, receivable.From, receivable.Amount, true), (received.SendBlock, received.From, received.Amount, received.Received));
        Assert.NotNull(received.At);
        Assert.InRange(received.At.Value, receivedFrom, receivedBy);
    }

    [Fact]
    public async Task Incoming_transfers_are_the_receivable_ones_then_the_received_newest_first_without_the_accounts_own_sends()
    {
        var first = node.Donate(Player.Value, Operator.Value, 1);
        await Client.SendAsync(Send("payout-7"), CancellationToken.None);
        var second = node.Donate(Donor.Value, Operator.Value, 2);
        var waiting = node.Donate(Donor.Value, Operator.Value, 3, received: false);

        var incoming = await Client.GetIncomingAsync(Operator, 10, CancellationToken.None);

        Assert.Equal([(waiting, false), (second, true), (first, true)], incoming.Select(t => (t.SendBlock.Value, t.Received)));
        Assert.Equal([Donor, Donor, Player], incoming.Select(t => t.From));
    }

    [Fact]
    public async Task Count_bounds_the_received_transfers_and_the_receivable_ones_each()
    {
        var received = Enumerable.Range(1, 3).Select(i => node.Donate(Donor.Value, Operator.Value, (UInt128)i)).ToList();
        var waiting = Enumerable.Range(1, 3).Select(i => node.Donate(Donor.Value, Operator.Value, (UInt128)i, received: false)).ToList();

        var incoming = await Client.GetIncomingAsync(Operator, 2, CancellationToken.None);

        Assert.Equal([received[2], received[1]], incoming.Where(t => t.Received).Select(t => t.SendBlock.Value));
        var notYet = incoming.Where(t => !t.Received).Select(t => t.SendBlock.Value).ToList();
        Assert.Equal(2, notYet.Count);
        Assert.Subset(waiting.ToHashSet(), notYet.ToHashSet());
    }

    [Fact]
    public async Task An_account_the_node_does_not_know_has_no_incoming_transfers()
    {
        Assert.Empty(await Client.GetIncomingAsync(Player, 10, CancellationToken.None));

        node.Inject(new FakeBananoNode.Fault.NodeError("Account not found"));

        Assert.Empty(await Client.GetIncomingAsync(Player, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Blocks_from_before_state_blocks_count_by_their_source_and_carry_no_time()
    {
        const string Receive = "1111111111111111111111111111111111111111111111111111111111111111";
        const string Open = "2222222222222222222222222222222222222222222222222222222222222222";
        await WarmUpAsync();
        node.Inject(new FakeBananoNode.Fault.Answer($$"""
            {"account": "{{Operator}}", "history": [
              {"type": "receive", "account": "{{Player}}", "amount": "5", "source": "{{Receive}}", "previous": "{{new string('C', 64)}}",
               "local_timestamp": "0", "height": "3", "hash": "{{new string('D', 64)}}"},
              {"type": "change", "representative": "{{Player}}", "previous": "{{new string('E', 64)}}",
               "local_timestamp": "0", "height": "2", "hash": "{{new string('C', 64)}}"},
              {"type": "open", "representative": "{{Player}}", "source": "{{Open}}", "opened": "{{Operator}}", "account": "{{Donor}}", "amount": "7",
               "local_timestamp": "0", "height": "1", "hash": "{{new string('E', 64)}}"}
            ]}
            """));

        var incoming = await Client.GetIncomingAsync(Operator, 10, CancellationToken.None);

        Assert.Equal(
            [new IncomingTransfer(BlockHash.Parse(Receive), Player, BanAmount.FromRaw(5), null, true), new IncomingTransfer(BlockHash.Parse(Open), Donor, BanAmount.FromRaw(7), null, true)],
            incoming);
    }

    [Theory]
    [InlineData("history that is not a list", """{"history": {"type": "state"}}""", null)]
    [InlineData("a receive whose link is not a block hash", """
        {"history": [{"type": "state", "subtype": "receive", "link": "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3",
          "account": "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "amount": "5", "local_timestamp": "1700000000"}]}
        """, null)]
    [InlineData("a receive from a Nano account", """
        {"history": [{"type": "state", "subtype": "receive", "link": "1111111111111111111111111111111111111111111111111111111111111111",
          "account": "nano_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "amount": "5", "local_timestamp": "1700000000"}]}
        """, null)]
    [InlineData("a receive without its time", """
        {"history": [{"type": "state", "subtype": "receive", "link": "1111111111111111111111111111111111111111111111111111111111111111",
          "account": "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3", "amount": "5"}]}
        """, null)]
    [InlineData("receivable blocks without their senders", """{"history": ""}""",
        """{"blocks": {"1111111111111111111111111111111111111111111111111111111111111111": "6000000000000000000000000000000"}}""")]
    [InlineData("receivable blocks as bare hashes", """{"history": ""}""",
        """{"blocks": ["1111111111111111111111111111111111111111111111111111111111111111"]}""")]
    [InlineData("no receivable blocks at all", """{"history": ""}""", """{"account": "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3"}""")]
    public async Task An_incoming_answer_of_the_wrong_shape_is_an_invalid_response(string wrong, string history, string? receivable)
    {
        await WarmUpAsync();
        node.Inject(new FakeBananoNode.Fault.Answer(history));
        if (receivable is not null)
        {
            node.Inject(new FakeBananoNode.Fault.Answer(receivable));
        }

        var error = await Assert.ThrowsAsync<BananoNodeException>(() => Client.GetIncomingAsync(Operator, 10, CancellationToken.None));

        Assert.True(error.Failure == BananoNodeFailure.InvalidResponse, $"{wrong}: {error.Failure}, {error.Message}");
    }

    [Fact]
    public async Task Receivable_blocks_written_as_an_empty_object_are_none()
    {
        await WarmUpAsync();
        node.Inject(new FakeBananoNode.Fault.Answer("""{"history": ""}"""), new FakeBananoNode.Fault.Answer("""{"blocks": {}}"""));

        Assert.Empty(await Client.GetIncomingAsync(Operator, 10, CancellationToken.None));
    }
}
