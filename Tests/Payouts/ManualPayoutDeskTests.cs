using Faucet.Money;
using Faucet.Payouts;
using Faucet.Players;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Payouts;

/// <summary>The manual payout desk grain holds the rules an admin's request meets (a known player, a wallet, no ban, the
/// approval threshold) and audits what it does, whoever calls it: these tests call it with no Api in between.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManualPayoutDeskTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private async Task<string?> AuditAsync() => await cluster.ScalarAsync("SELECT string_agg(actor || ' ' || action, ',' ORDER BY id) FROM audit_log WHERE action LIKE 'payout.%'");

    [Fact]
    public async Task A_request_for_an_unknown_walletless_or_banned_player_records_nothing_and_audits_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<IManualPayoutDeskGrain>(0);
        var walletless = await Rounds.PlayerAsync(client.Client, kills: 0, withWallet: false);
        var banned = await Rounds.PlayerAsync(client.Client, kills: 0);
        await client.Client.GetGrain<IPlayerGrain>(banned).BanAsync(new PlayerBan("fraud", null, "operator", DateTimeOffset.UtcNow));
        ManualPayoutAsk Ask(string user) => new($"key-{user}", user, BanAmount.Parse("5"), "prize", "admin-1");

        var unknown = await desk.RequestAsync(Ask(UserId.New(TimeProvider.System).Value));
        var noWallet = await desk.RequestAsync(Ask(walletless));
        var ban = await desk.RequestAsync(Ask(banned));

        Assert.Equal((ManualPayoutDecision.NoSuchPlayer, ManualPayoutDecision.NoWallet, ManualPayoutDecision.PlayerBanned), (unknown.Decision, noWallet.Decision, ban.Decision));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM manual_payouts"));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'payout.%'"));
        Assert.Empty(cluster.Node.Sends);
    }

    [Fact]
    public async Task A_request_over_the_threshold_waits_and_its_requester_and_approver_are_each_audited_once_even_when_asked_twice()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<IManualPayoutDeskGrain>(0);
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var ask = new ManualPayoutAsk("season-1", user, BanAmount.Parse("250"), "season prize", "admin-1");

        var first = await desk.RequestAsync(ask);
        var again = await desk.RequestAsync(ask);
        var reused = await desk.RequestAsync(ask with { Amount = BanAmount.Parse("251") });
        var request = client.Client.GetGrain<IManualPayoutGrain>(first.Request!.Number);
        var bySameAdmin = await request.ApproveAsync("admin-1");
        var approved = await request.ApproveAsync("admin-2");

        Assert.Equal((ManualPayoutDecision.AwaitingApproval, true), (first.Decision, first.Created));
        Assert.Equal((ManualPayoutDecision.AwaitingApproval, false, first.Request.Number), (again.Decision, again.Created, again.Request!.Number));
        Assert.Equal(ManualPayoutDecision.KeyReused, reused.Decision);
        Assert.Equal((ManualPayoutDecision.SameAdmin, ManualPayoutDecision.Paid), (bySameAdmin.Decision, approved.Decision));
        Assert.Equal("admin-1 payout.manual_requested,admin-2 payout.manual_approved", await AuditAsync());
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 1), TimeSpan.FromSeconds(30), "the approved payout is sent");
    }

    [Fact]
    public async Task Requests_for_one_player_made_at_once_are_approved_only_as_far_as_the_threshold_allows_them_together()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<IManualPayoutDeskGrain>(0);
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        // Five of 30 BAN against the 100 BAN threshold: three fit, together; the other two wait for a second admin.
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            desk.RequestAsync(new ManualPayoutAsk($"prize-{i}", user, BanAmount.Parse("30"), "prize", "admin-1"))));

        Assert.Equal("AwaitingApproval AwaitingApproval Paid Paid Paid", string.Join(' ', outcomes.Select(o => o.Decision.ToString()).Order()));
        Assert.Equal("approved 3 90,awaiting_approval 2 60", await cluster.ScalarAsync(
            $"SELECT string_agg(status || ' ' || n || ' ' || total, ',' ORDER BY status) FROM (SELECT status, count(*) n, (sum(amount_raw) / 1e29)::int total FROM manual_payouts WHERE user_id = '{user}' GROUP BY status) s"));
    }

    /// <summary>Each approved request's grant and reservation are appended to the player's reward account while the
    /// others' are: a grant that loses the entry number to another request's reservation plans again on what the
    /// account holds now, so every admin hears "paid" and every request has its payout.</summary>
    [Fact]
    public async Task Approved_requests_for_one_player_paid_at_once_each_get_their_payout()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var client = await cluster.StartClientAsync();
        var desk = client.Client.GetGrain<IManualPayoutDeskGrain>(0);
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            desk.RequestAsync(new ManualPayoutAsk($"gift-{i}", user, BanAmount.Parse("10"), "gift", "admin-1"))));

        Assert.All(outcomes, o => Assert.Equal(ManualPayoutDecision.Paid, o.Decision));
        Assert.Equal(8, outcomes.Select(o => o.Payout?.PayoutId).Distinct().Count(id => id is not null));
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 8), TimeSpan.FromSeconds(30), "every request is sent");
    }
}
