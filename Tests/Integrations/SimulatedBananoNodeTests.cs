using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Integrations.Banano;
using Faucet.Money;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tests.Integrations;

public sealed class SimulatedBananoNodeTests
{
    private static readonly BananoAddress Operator = BananoAddress.Parse("ban_1111111111111111111111111111111111111111111111111111hifc8npp");
    private static readonly BananoAddress Player = BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3");

    private static SimulatedBananoNode Node(string balance = "10") =>
        new(new BananoOptions { SimulatedBalanceBan = BanAmount.Parse(balance), SourceAccounts = [Operator.Value] });

    private static BananoSend Send(string id, string amount) => new("simulated", Operator, Player, BanAmount.Parse(amount), id);

    [Fact]
    public async Task Pays_from_its_balance_and_answers_a_repeated_id_with_the_first_block()
    {
        var node = Node();

        var first = await node.SendAsync(Send("p1", "4"), CancellationToken.None);
        var again = await node.SendAsync(Send("p1", "4"), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(BanAmount.Parse("6"), (await node.GetBalanceAsync(Operator, CancellationToken.None)).Balance);
        Assert.Equal(BanAmount.Parse("4"), (await node.GetBalanceAsync(Player, CancellationToken.None)).Receivable);
    }

    [Fact]
    public async Task Refuses_an_id_reused_with_other_data_and_more_than_it_holds()
    {
        var node = Node();
        await node.SendAsync(Send("p1", "4"), CancellationToken.None);

        var reused = await Assert.ThrowsAsync<BananoNodeException>(() => node.SendAsync(Send("p1", "5"), CancellationToken.None));
        var tooMuch = await Assert.ThrowsAsync<BananoNodeException>(() => node.SendAsync(Send("p2", "6.000000001"), CancellationToken.None));

        Assert.Equal(BananoNodeFailure.Rejected, reused.Failure);
        Assert.Equal(BananoNodeFailure.InsufficientBalance, tooMuch.Failure);
        Assert.Equal(BanAmount.Parse("6"), (await node.GetBalanceAsync(Operator, CancellationToken.None)).Balance);
    }

    [Fact]
    public async Task Each_source_account_pays_from_a_balance_of_its_own()
    {
        var second = BananoAddress.FromPublicKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var node = new SimulatedBananoNode(new BananoOptions { SimulatedBalanceBan = BanAmount.Parse("10"), SourceAccounts = [Operator.Value, second.Value] });

        await node.SendAsync(new BananoSend("simulated", second, Player, BanAmount.Parse("8"), "a"), CancellationToken.None);
        var tooMuch = await Assert.ThrowsAsync<BananoNodeException>(() => node.SendAsync(new BananoSend("simulated", second, Player, BanAmount.Parse("3"), "b"), CancellationToken.None));

        Assert.Equal(BananoNodeFailure.InsufficientBalance, tooMuch.Failure);
        Assert.Equal((BanAmount.Parse("10"), BanAmount.Parse("2")),
            ((await node.GetBalanceAsync(Operator, CancellationToken.None)).Balance, (await node.GetBalanceAsync(second, CancellationToken.None)).Balance));
    }

    [Fact]
    public async Task A_send_is_an_incoming_transfer_of_its_destination_received_at_the_time_of_the_send()
    {
        var sentAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new SettableClock(sentAt, runs: false);
        var node = new SimulatedBananoNode(new BananoOptions { SimulatedBalanceBan = BanAmount.Parse("10"), SourceAccounts = [Operator.Value] }, clock);
        var first = await node.SendAsync(Send("p1", "4"), CancellationToken.None);
        clock.Set(sentAt.AddMinutes(1));
        var second = await node.SendAsync(Send("p2", "1.5"), CancellationToken.None);
        await node.SendAsync(Send("p2", "1.5"), CancellationToken.None);

        var incoming = await node.GetIncomingAsync(Player, 10, CancellationToken.None);

        Assert.Equal(
            [new IncomingTransfer(second, Operator, BanAmount.Parse("1.5"), sentAt.AddMinutes(1), true), new IncomingTransfer(first, Operator, BanAmount.Parse("4"), sentAt, true)],
            incoming);
        Assert.Equal([second], (await node.GetIncomingAsync(Player, 1, CancellationToken.None)).Select(transfer => transfer.SendBlock));
        Assert.Empty(await node.GetIncomingAsync(Operator, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Registered_for_simulated_mode_it_stamps_transfers_with_the_faucets_clock()
    {
        var sentAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using var services = new ServiceCollection()
            .AddKeyedSingleton<TimeProvider>(FaucetClock.Key, new SettableClock(sentAt, runs: false))
            .AddBananoNode(new BananoOptions { Mode = IntegrationMode.Simulated, SimulatedBalanceBan = BanAmount.Parse("10"), SourceAccounts = [Operator.Value] })
            .BuildServiceProvider();
        var node = services.GetRequiredService<IBananoNode>();

        await node.SendAsync(Send("p1", "4"), CancellationToken.None);

        Assert.Equal(sentAt, Assert.Single(await node.GetIncomingAsync(Player, 10, CancellationToken.None)).At);
    }
}
