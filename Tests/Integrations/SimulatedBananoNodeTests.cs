using Faucet.Configuration;
using Faucet.Integrations.Banano;
using Faucet.Money;

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
}
