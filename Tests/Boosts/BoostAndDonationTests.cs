using System.Globalization;
using System.Net;
using System.Numerics;
using Faucet.Boosts;
using Faucet.Donations;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Api;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Npgsql;

namespace Faucet.Tests.Boosts;

/// <summary>Boosts and donations on a real silo: the journal in PostgreSQL, donations found through the wire-level node.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BoostAndDonationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string DonationAddress = Donor(0);
    private static readonly BanAmount PerClick = BanAmount.Parse("0.001");

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static string NewUser() => UserId.New(TimeProvider.System).Value;

    private static string Minute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Donor(int i) => BananoAddress.FromPublicKey(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(1000 + i))).Value;

    private static UInt128 Ban(string amount) => BanAmount.Parse(amount).Raw;

    private async Task ClickedAsync(string user, int clicks)
    {
        await using var source = NpgsqlDataSource.Create(cluster.Database);
        await using var insert = source.CreateCommand("""
            INSERT INTO click_events (user_id, seq, client_nonce, clicked_at, outcome, reward_raw)
            SELECT @user, COALESCE((SELECT max(seq) FROM click_events WHERE user_id = @user), 0) + s, 'n' || s || random(), now(), 'accepted', @each
              FROM generate_series(1, @clicks) s
            """);
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("clicks", clicks);
        insert.Parameters.AddWithValue("each", (BigInteger)PerClick.Raw);
        await insert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Kills_and_clicks_earn_the_boost_in_force_when_they_accrue_and_the_journal_names_it()
    {
        var now = DateTimeOffset.UtcNow;
        var (start, end) = (now.AddHours(-1), now.AddHours(1));
        cluster.Config.SetLine("payout.yaml", "boosts",
            $"boosts: [{{name: Kill rush, start: {Minute(start)}, end: {Minute(end)}, multiplier: 2, applies_to: kills}}, " +
            $"{{name: Click storm, start: {Minute(start)}, end: {Minute(end.AddHours(1))}, multiplier: 1.5, applies_to: clicks}}, " +
            $"{{name: Tomorrow, start: {Minute(now.AddDays(1))}, end: {Minute(now.AddDays(2))}, multiplier: 3}}]");
        var clock = new SettableClock(now);
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);

        await account.SetKillBaselineAsync(10);
        var kills = await account.AccrueKillsAsync(13);
        await ClickedAsync(user, 3);
        var clicks = (await account.AccrueRecordedClicksAsync(long.MaxValue)).Entry;
        var (status, boosts) = await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/boosts", token: null);
        clock.Set(DateTimeOffset.Parse(Minute(end), CultureInfo.InvariantCulture).AddSeconds(1));
        var afterKillRush = await account.AccrueKillsAsync(14);

        Assert.Equal((BanAmount.Parse("12.6"), new RewardBoost("Kill rush", 2, BanAmount.Parse("6.3"))), (kills!.Amount, kills.Boost));
        Assert.Equal((BanAmount.Parse("0.0045"), new RewardBoost("Click storm", 1.5m, BanAmount.Parse("0.003"))), (clicks!.Amount, clicks.Boost));
        Assert.Equal((BanAmount.Parse("2.1"), null), (afterKillRush!.Amount, afterKillRush.Boost));
        Assert.Equal(BanAmount.Parse("14.7045"), (await account.GetBalanceAsync()).Pending);
        // The books: every boosted entry names its boost, and its amount is what the boost made of the unboosted.
        Assert.Equal(
            "kills Kill rush 2.00 630000000000000000000000000000 1260000000000000000000000000000;clicks Click storm 1.50 300000000000000000000000000 450000000000000000000000000",
            await cluster.ScalarAsync($"SELECT string_agg(concat_ws(' ', kind, boost, boost_multiplier, unboosted_raw, amount_raw), ';' ORDER BY entry_no) FROM reward_journal WHERE user_id = '{user}' AND boost IS NOT NULL"));
        var untrue = await Assert.ThrowsAsync<PostgresException>(() => Sql.ScalarAsync(cluster.Database, $"""
            INSERT INTO reward_journal (user_id, entry_no, idempotency_key, kind, amount_raw, kills, recorded_at, boost, boost_multiplier, unboosted_raw)
            SELECT '{user}', max(entry_no) + 1, 'kills:99', 'kills', 401, 99, now(), 'Made up', 2, 200 FROM reward_journal WHERE user_id = '{user}'
            """));
        Assert.Equal((PostgresErrorCodes.CheckViolation, "reward_journal_boost_explains_amount"), (untrue.SqlState, untrue.ConstraintName));
        // The home page's view: the boosts running now with their ends, the next one, and no donations (none are taken).
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Kill rush", "Click storm"], boosts.GetProperty("running").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(("Tomorrow", "both"), (boosts.GetProperty("next").GetProperty("name").GetString(), boosts.GetProperty("next").GetProperty("appliesTo").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/donations", token: null)).Status);
    }

    [Fact]
    public async Task A_donation_counts_once_however_often_the_node_shows_it_and_its_milestone_boosts_what_is_earned_after_it_is_found()
    {
        cluster.Config.SetLine("integrations.yaml", "donation_address", $"donation_address: {DonationAddress}");
        cluster.Config.SetLine("integrations.yaml", "donation_check_seconds", "donation_check_seconds: 1");
        cluster.Config.SetLine("payout.yaml", "donation_milestones", "donation_milestones: [{ban: 10, multiplier: 3}, {ban: 1000, multiplier: 5}]");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var donations = client.Client.GetGrain<IDonationsGrain>(0);
        var user = NewUser();
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await account.SetKillBaselineAsync(0);

        var beforeDonations = await account.AccrueKillsAsync(1);
        var receivable = cluster.Node.Donate(Donor(1), DonationAddress, Ban("6"), received: false);
        cluster.Node.Donate(Donor(2), DonationAddress, Ban("4.5"));
        // A source account's transfer in is the operator's own BAN, never a donation.
        cluster.Node.Donate(LiveNodeCluster.Operator, DonationAddress, Ban("500"));
        await Eventually.HoldsAsync(async () => (await donations.GetBoardAsync()).ThisWeek == BanAmount.Parse("10.5"), TimeSpan.FromSeconds(30), "both donations are on the board");
        var afterDonations = await account.AccrueKillsAsync(2);
        cluster.Node.Receive(receivable);
        var checkedBefore = (await donations.GetBoardAsync()).CheckedAt;
        await Eventually.HoldsAsync(async () => (await donations.GetBoardAsync()).CheckedAt > checkedBefore?.AddSeconds(1), TimeSpan.FromSeconds(30), "the node was asked again after the receive");
        cluster.Node.Inject(Enumerable.Repeat<FakeBananoNode.Fault>(new FakeBananoNode.Fault.HttpError(503), 50).ToArray());
        await Eventually.HoldsAsync(async () => (await donations.GetBoardAsync()).NodeFailingSince is not null, TimeSpan.FromSeconds(30), "the board says the node is not answering");
        var whileNodeFails = await account.AccrueKillsAsync(3);
        var board = await donations.GetBoardAsync();
        var (status, body) = await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/donations", token: null);
        using var qr = await api.Http.GetAsync(new Uri("/api/v1/donations/qr.svg", UriKind.Relative));

        Assert.Null(beforeDonations!.Boost);
        var donors = new RewardBoost(BoostSchedule.MilestoneName(0), 3, BanAmount.Parse("2.1"));
        Assert.Equal((BanAmount.Parse("6.3"), donors), (afterDonations!.Amount, afterDonations.Boost));
        Assert.Equal(donors, whileNodeFails!.Boost);
        Assert.Equal("2", await cluster.ScalarAsync("SELECT count(*) FROM donations"));
        Assert.Equal((BanAmount.Parse("10.5"), BanAmount.Parse("10.5")), (board.ThisWeek, board.AllTime));
        Assert.Equal([(Donor(1), BanAmount.Parse("6"), 1), (Donor(2), BanAmount.Parse("4.5"), 1)], board.WeekDonors.Select(d => (d.From, d.Amount, d.Donations)));
        Assert.Equal((BanAmount.Parse("10"), 3m), (board.MilestoneReached!.Ban, board.MilestoneReached.Multiplier));
        Assert.Equal(BanAmount.Parse("1000"), board.NextMilestone!.Ban);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("10.5", DonationAddress), (body.GetProperty("thisWeek").GetString(), body.GetProperty("address").GetString()));
        Assert.Equal(("image/svg+xml", true), (qr.Content.Headers.ContentType?.MediaType, (await qr.Content.ReadAsStringAsync()).StartsWith("<svg", StringComparison.Ordinal)));
    }
}
