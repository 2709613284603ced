using System.Globalization;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Settlement;

/// <summary>Rounds that pay over several source accounts, into a fake node whose accounts send one block at a time.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SourceAccountTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static UInt128 Ban(string amount) => BanAmount.Parse(amount).Raw;

    [Fact]
    public async Task A_round_keeps_every_source_account_sending_at_once_one_block_at_a_time_each()
    {
        var accounts = cluster.UseSourceAccounts(3);
        cluster.Node.SendTime = TimeSpan.FromMilliseconds(50);
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Rounds.PlayerAsync(client.Client, 1)));

        var round = await Rounds.RunAsync(client.Client);

        Assert.Equal((RoundStatus.Done, 24), (round.Status, round.PayoutsStarted));
        Assert.Equal(24, cluster.Node.Sends.Count);
        // An even share each, and never a second send from an account while its first is open.
        Assert.All(accounts, a => Assert.Equal((8, 1), (cluster.Node.ChainOf(a).Count, cluster.Node.MostInFlight(a))));
        // At once: every account's first send began before any account's last send ended.
        var chains = accounts.Select(cluster.Node.ChainOf).ToList();
        Assert.True(chains.Max(c => c[0].Began) < chains.Min(c => c[^1].Ended), "the accounts' chains overlap in time");
        await AssertEachPayoutKeptTheAccountTheNodeSentItFromAsync(24);
    }

    [Fact]
    public async Task An_account_without_the_balance_for_a_payout_is_passed_over_and_the_others_pay_everyone()
    {
        var accounts = cluster.UseSourceAccounts(3);
        cluster.Node.SpendsBalances = true;
        cluster.Node.Balances[accounts[1]] = Ban("1");
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => Rounds.PlayerAsync(client.Client, 1)));

        var round = await Rounds.RunAsync(client.Client);

        Assert.Equal((RoundStatus.Done, 9, 0), (round.Status, round.PayoutsStarted, round.SkippedByBalance));
        Assert.Empty(cluster.Node.ChainOf(accounts[1]));
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 9), Patience, "every player is paid");
        Assert.Equal(Ban("1"), cluster.Node.Balances[accounts[1]]);
        await AssertEachPayoutKeptTheAccountTheNodeSentItFromAsync(9);
    }

    [Fact]
    public async Task The_floor_holds_for_the_accounts_together_and_a_payout_no_account_can_make_waits_for_a_later_round()
    {
        // 30 BAN each: both below the 50 BAN floor, together above it. 2.1 BAN fits in either; 42 BAN in neither.
        var accounts = cluster.UseSourceAccounts(2);
        cluster.Node.SpendsBalances = true;
        foreach (var account in accounts)
        {
            cluster.Node.Balances[account] = Ban("30");
        }
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var small = await Rounds.PlayerAsync(client.Client, 1);
        var large = await Rounds.PlayerAsync(client.Client, 20);

        var round = await Rounds.RunAsync(client.Client);

        Assert.Equal((RoundStatus.Done, 2, 1, 1), (round.Status, round.Planned, round.PayoutsStarted, round.SkippedByBalance));
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(small).GetBalanceAsync()).Paid == BanAmount.Parse("2.1"),
            Patience, "the small payout is made");
        var waiting = await client.Client.GetGrain<IRewardAccountGrain>(large).GetBalanceAsync();
        Assert.Equal((BanAmount.Parse("42"), BanAmount.Zero, BanAmount.Zero), (waiting.Pending, waiting.Reserved, waiting.Paid));
        Assert.Single(cluster.Node.Sends);
    }

    [Fact]
    public async Task A_silo_killed_while_three_accounts_have_sends_in_flight_resumes_and_pays_everyone_once_from_the_same_accounts()
    {
        var accounts = cluster.UseSourceAccounts(3);
        cluster.Node.SendTime = TimeSpan.FromMilliseconds(100);
        string[] users;
        long number;
        // Small batches, so that the kill lands mid-round: some batches done, one with a send in flight on each account.
        using (var doomed = cluster.StartSiloProgram("--Faucet:Settlement:PlayersPerBatch=6"))
        {
            await using var client = await cluster.StartClientAsync();
            users = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Rounds.PlayerAsync(client.Client, 1)));
            number = (await client.Client.GetGrain<ISettlementSchedulerGrain>("default").RunNowAsync("operator")).Number;
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count >= 7), Patience, "the round is under way");
            doomed.Kill();
        }
        Assert.True(cluster.Node.Sends.Count < 30, "the silo died mid-round");

        await using var survivor = await cluster.StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        var round = await Rounds.FinishedAsync(again.Client, number);

        Assert.Equal((30, 30), (round.Planned, round.PayoutsStarted));
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 30), Patience, "every player is paid");
        var ledger = await cluster.LedgerAsync();
        Assert.Equal(users.Select(u => PayoutRequest.IdFor(ledger, number, u)).Order(StringComparer.Ordinal), cluster.Node.Sends.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(cluster.Node.Conflicts);
        Assert.Empty(cluster.Node.IdsFromSeveralAccounts);
        Assert.All(accounts, a => Assert.NotEmpty(cluster.Node.ChainOf(a)));
        await AssertEachPayoutKeptTheAccountTheNodeSentItFromAsync(30);
        foreach (var user in users)
        {
            await Eventually.HoldsAsync(async () => (await again.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b && b.Pending == BanAmount.Zero && b.Reserved == BanAmount.Zero,
                Patience, $"{user} is paid in full and nothing stays reserved");
        }
    }

    /// <summary>Every payout's stored account is the one the node was asked to send it from, and only that one.</summary>
    private async Task AssertEachPayoutKeptTheAccountTheNodeSentItFromAsync(int payouts)
    {
        await Eventually.HoldsAsync(async () => await cluster.ScalarAsync("SELECT count(*) FROM payouts WHERE status = 'sent'") == payouts.ToString(CultureInfo.InvariantCulture),
            Patience, "every payout is recorded as sent");
        var stored = await cluster.ScalarAsync("SELECT string_agg(payout_id || '=' || source_account, ',' ORDER BY payout_id) FROM payouts");
        var sent = string.Join(',', cluster.Node.Sends.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id}={s.Source}"));
        Assert.Equal(sent, stored);
        Assert.Empty(cluster.Node.IdsFromSeveralAccounts);
    }
}
