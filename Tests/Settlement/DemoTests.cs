using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Account;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Rewards;
using Faucet.Settlement;
using Faucet.Tests.Api;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Settlement;

/// <summary>The demo (<c>demo: true</c>, as <c>./faucet up</c> runs it) against a dry run of a real deployment: both run
/// on the simulated node, only the demo pays.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_demo_round_pays_through_the_simulated_node_settles_the_accrual_counts_the_cap_and_feeds_the_payout_labelled_simulated()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(database, "--FAUCET_DEMO=true");
        await using var api = await ApiProcess.StartAsync(database, "--FAUCET_DEMO=true");
        await using var client = await ClientProcess.StartAsync(database);
        var user = await Rounds.PlayerAsync(client.Client, 3);

        var round = await Rounds.RunAsync(client.Client);

        Assert.Equal((RoundStatus.Done, 1), (round.Status, round.PayoutsStarted));
        await Eventually.HoldsAsync(async () => Convert.ToString(await Sql.ScalarAsync(database, "SELECT status FROM payouts"), System.Globalization.CultureInfo.InvariantCulture) == "sent",
            Patience, "the payout is sent through the simulated node");
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b
            && b.Pending == BanAmount.Zero && b.Reserved == BanAmount.Zero && b.Paid == BanAmount.Parse("6.3"), Patience, "the accrual is settled");
        var caps = (await client.Client.GetGrain<IAccountStatusGrain>(0).GetAsync(user))!.Caps;
        Assert.Equal((0, 2), (caps.PayoutsToday, caps.PayoutsThisWeek));

        var recent = Assert.Single((await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/feed/recent")).EnumerateArray());
        var payout = recent.GetProperty("payload");
        Assert.Equal((user, "6.3", true), (payout.GetProperty("userId").GetString(), payout.GetProperty("amount").GetString(), payout.GetProperty("simulated").GetBoolean()));
        Assert.False(string.IsNullOrEmpty(payout.GetProperty("block").GetString()));
        var product = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/config/product");
        Assert.Equal((true, false, "simulated"), (product.GetProperty("demo").GetBoolean(), product.GetProperty("dryRun").GetBoolean(), product.GetProperty("payouts").GetString()));

        // The daily cap of one payout is used: a second round the same day pays nobody (lifetime kills 3, then 4).
        await client.Client.GetGrain<IRewardAccountGrain>(user).AccrueKillsAsync(4);
        var second = await Rounds.RunAsync(client.Client);
        Assert.Equal((RoundStatus.Done, 0, 1), (second.Status, second.PayoutsStarted, second.SkippedByCaps));
    }

    [Fact]
    public async Task A_dry_run_on_the_simulated_node_with_a_live_integration_records_the_payout_and_never_consumes_the_accrual()
    {
        // A real deployment trying its Fortnite key before its node: a dry run, not the demo.
        var database = await postgres.Server.CreateDatabaseAsync();
        string[] settings = ["--FAUCET_FORTNITE_MODE=live", "--FAUCET_FORTNITE_API_BASE=http://127.0.0.1:9"];
        await using var silo = await SiloProcess.StartAsync(database, settings);
        await using var api = await ApiProcess.StartAsync(database, settings);
        await using var client = await ClientProcess.StartAsync(database);
        var user = await Rounds.PlayerAsync(client.Client, 3);

        var round = await Rounds.RunAsync(client.Client);

        Assert.Equal((RoundStatus.Done, 1), (round.Status, round.PayoutsStarted));
        await Eventually.HoldsAsync(async () => Convert.ToString(await Sql.ScalarAsync(database, "SELECT status FROM payouts"), System.Globalization.CultureInfo.InvariantCulture) == "dry_run",
            Patience, "the payout is recorded as a dry run");
        await Eventually.HoldsAsync(async () => (await client.Client.GetGrain<IRewardAccountGrain>(user).GetBalanceAsync()) is var b
            && b.Pending == BanAmount.Parse("6.3") && b.Reserved == BanAmount.Zero && b.Paid == BanAmount.Zero, Patience, "the amount is pending again");
        var caps = (await client.Client.GetGrain<IAccountStatusGrain>(0).GetAsync(user))!.Caps;
        Assert.Equal((1, 3), (caps.PayoutsToday, caps.PayoutsThisWeek));
        Assert.Empty((await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/feed/recent")).EnumerateArray());
        var product = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/config/product");
        Assert.Equal((false, true), (product.GetProperty("demo").GetBoolean(), product.GetProperty("dryRun").GetBoolean()));
    }
}
