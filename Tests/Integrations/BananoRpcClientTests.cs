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
}
