using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using NSec.Cryptography;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Api;

/// <summary>The admin API on a running silo and Api against the wire-level fake node: finding and banning players,
/// manual payouts with a second admin's approval, stats, masked configuration and regional analytics.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class AdminApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static string AdminToken() => PlayerTokens.Issuer().Issue(UserId.New(TimeProvider.System), ["player", "admin"]);

    private async Task<long> CountAsync(string sql) => long.Parse((await cluster.ScalarAsync(sql))!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_banned_player_cannot_click_is_not_paid_and_is_paid_what_waited_once_the_ban_is_lifted()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 2);
        var other = await Rounds.PlayerAsync(client.Client, kills: 1);
        var (admin, player) = (AdminToken(), PlayerTokens.For(user));

        var (_, byEmail) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/admin/users?q={user}@example.org", admin);
        var (banStatus, banned) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/users/{user}/ban", admin, new { reason = "one player, two accounts" });
        var (_, bannedOnly) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/users?banned=true", admin);
        var (_, status) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/me/status", player);
        var (clickStatus, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/click", player, new { clientNonce = "n-0000000001" });
        await Rounds.RunAsync(client.Client);
        var paidWhileBanned = cluster.Node.Sends.Values.Select(s => s.Destination).ToList();
        var (liftStatus, lifted) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/admin/users/{user}/ban", admin);
        await Rounds.RunAsync(client.Client);
        var (_, detail) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/admin/users/{user}", admin);

        Assert.Equal([user], byEmail.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userId").GetString()));
        Assert.Equal((HttpStatusCode.OK, true, "one player, two accounts"), (banStatus, banned.GetProperty("ban").GetProperty("inForce").GetBoolean(), banned.GetProperty("ban").GetProperty("reason").GetString()));
        Assert.Equal([user], bannedOnly.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userId").GetString()));
        Assert.Equal("one player, two accounts", status.GetProperty("ban").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, clickStatus);
        var wallets = await client.Client.GetGrain<IPlayerGrain>(other).GetProfileAsync();
        Assert.Equal([wallets!.Wallet!.Value.Value], paidWhileBanned);
        Assert.Equal((HttpStatusCode.OK, JsonValueKind.Null), (liftStatus, lifted.GetProperty("ban").ValueKind));
        Assert.Equal(("0", "4.2"), (detail.GetProperty("balance").GetProperty("pending").GetString(), detail.GetProperty("balance").GetProperty("paid").GetString()));
        Assert.Equal(2, cluster.Node.Sends.Count);
        var admins = await cluster.ScalarAsync($"SELECT string_agg(action || '@' || subject, ',' ORDER BY id) FROM audit_log WHERE action LIKE 'user.%'");
        Assert.Equal($"user.banned@{user},user.unbanned@{user}", admins);
    }

    [Fact]
    public async Task Bad_admin_requests_get_a_problem_that_says_what_is_wrong_and_change_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 1);
        var noWallet = await Rounds.PlayerAsync(client.Client, kills: 1, withWallet: false);
        var admin = AdminToken();
        var nobody = UserId.New(TimeProvider.System).Value;

        var cases = new (HttpMethod Method, string Path, object? Body, HttpStatusCode Expected, string Title)[]
        {
            (HttpMethod.Post, $"/api/v1/admin/users/{user}/ban", new { reason = "" }, HttpStatusCode.BadRequest, "Invalid reason"),
            (HttpMethod.Post, $"/api/v1/admin/users/{user}/ban", new { reason = "late", until = DateTimeOffset.UtcNow.AddMinutes(-1) }, HttpStatusCode.BadRequest, "Invalid end"),
            (HttpMethod.Post, $"/api/v1/admin/users/{nobody}/ban", new { reason = "who?" }, HttpStatusCode.NotFound, "No such player"),
            (HttpMethod.Post, "/api/v1/admin/users/not-a-user/ban", new { reason = "who?" }, HttpStatusCode.NotFound, "No such player"),
            (HttpMethod.Get, "/api/v1/admin/users?banned=maybe", null, HttpStatusCode.BadRequest, "Invalid filter"),
            (HttpMethod.Get, "/api/v1/admin/users?cursor=zz", null, HttpStatusCode.BadRequest, "Invalid cursor"),
            (HttpMethod.Get, "/api/v1/admin/payouts?status=lost", null, HttpStatusCode.BadRequest, "Invalid status"),
            (HttpMethod.Post, "/api/v1/admin/payouts", new { userId = user, amountBan = "1.5x", reason = "prize" }, HttpStatusCode.BadRequest, "Invalid amount"),
            (HttpMethod.Post, "/api/v1/admin/payouts", new { userId = user, amountBan = "0", reason = "prize" }, HttpStatusCode.BadRequest, "Invalid amount"),
            (HttpMethod.Post, "/api/v1/admin/payouts", new { userId = user, amountBan = "1" }, HttpStatusCode.BadRequest, "Invalid reason"),
            (HttpMethod.Post, "/api/v1/admin/payouts", new { userId = nobody, amountBan = "1", reason = "prize" }, HttpStatusCode.NotFound, "No such player"),
            (HttpMethod.Post, "/api/v1/admin/payouts", new { userId = noWallet, amountBan = "1", reason = "prize" }, HttpStatusCode.Conflict, "No wallet"),
            (HttpMethod.Post, "/api/v1/admin/payouts/manual/999/approve", null, HttpStatusCode.NotFound, "No such request"),
        };
        var failures = new List<string>();
        foreach (var (method, path, body, expected, title) in cases)
        {
            var (status, problem) = await CallAsync(api.Http, method, path, admin, body, "k-" + Guid.NewGuid());
            var got = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            if (status != expected || got != title || !problem.TryGetProperty("detail", out _))
            {
                failures.Add($"{method} {path}: {(int)status} '{got}', expected {(int)expected} '{title}'");
            }
        }

        var (noKey, noKeyProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", admin, new { userId = user, amountBan = "1", reason = "prize" });

        Assert.Empty(failures);
        Assert.Equal((HttpStatusCode.BadRequest, "Idempotency-Key required"), (noKey, noKeyProblem.GetProperty("title").GetString()));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM manual_payouts"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM players WHERE ban_reason IS NOT NULL"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_log WHERE action NOT LIKE 'wallet.%'"));
    }

    [Theory]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1\n")]
    public async Task An_amount_with_a_sign_or_whitespace_is_refused_names_the_field_and_pays_nothing(string amountBan)
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var (status, problem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", AdminToken(), new { userId = user, amountBan, reason = "prize" }, "k-" + Guid.NewGuid());

        Assert.Equal((HttpStatusCode.BadRequest, "Invalid amount"), (status, problem.GetProperty("title").GetString()));
        Assert.StartsWith("amountBan", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM manual_payouts"));
        Assert.Empty(cluster.Node.Sends);
    }

    [Fact]
    public async Task A_manual_payout_at_the_approval_threshold_reaches_the_node_within_two_seconds_with_no_reminder_due()
    {
        cluster.Config.SetLine("integrations.yaml", "manual_payout_approval_ban", "manual_payout_approval_ban: 100");
        await using var silo = await cluster.StartSiloAsync(reminderPeriod: TimeSpan.FromMinutes(10));
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var (status, answer) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", AdminToken(), new { userId = user, amountBan = "100", reason = "prize" }, "prize-at-threshold");
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 1), TimeSpan.FromSeconds(2), "the payout reaches the node");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("payout").ValueKind);
        Assert.Equal("100", BanAmount.FromRaw(UInt128.Parse(Assert.Single(cluster.Node.Sends.Values).Amount, System.Globalization.CultureInfo.InvariantCulture)).ToString());
    }

    [Fact]
    public async Task A_small_manual_payout_is_sent_at_once_and_a_large_one_only_when_a_second_admin_approves()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var admin = AdminToken();
        Task<(HttpStatusCode, JsonElement)> Pay(string key, string amount, string reason) =>
            CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", admin, new { userId = user, amountBan = amount, reason }, key);
        Task<(HttpStatusCode, JsonElement)> Decide(long number, string decision, string token) =>
            CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/payouts/manual/{number}/{decision}", token);

        var (smallStatus, small) = await Pay("prize-1", "5", "tournament prize");
        var (repeatStatus, repeat) = await Pay("prize-1", "5", "tournament prize");
        var (reusedStatus, _) = await Pay("prize-1", "6", "tournament prize");
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 1), TimeSpan.FromSeconds(30), "the small payout is sent");
        var (largeStatus, large) = await Pay("prize-2", "250", "season prize");
        var number = large.GetProperty("request").GetProperty("number").GetInt64();
        var sentBeforeApproval = cluster.Node.Sends.Count;
        var (sameAdmin, _) = await Decide(number, "approve", admin);
        var (approved, approval) = await Decide(number, "approve", FaucetProcessArgs.OperatorToken);
        await Eventually.HoldsAsync(() => Task.FromResult(cluster.Node.Sends.Count == 2), TimeSpan.FromSeconds(30), "the approved payout is sent");
        var (again, _) = await Decide(number, "approve", FaucetProcessArgs.OperatorToken);
        var (lateReject, _) = await Decide(number, "reject", FaucetProcessArgs.OperatorToken);
        var (_, third) = await Pay("prize-3", "1000", "typo");
        var thirdNumber = third.GetProperty("request").GetProperty("number").GetInt64();
        var (rejected, _) = await Decide(thirdNumber, "reject", FaucetProcessArgs.OperatorToken);
        var (lateApprove, _) = await Decide(thirdNumber, "approve", FaucetProcessArgs.OperatorToken);
        // Small payouts add up: 5 + 250 paid today, so even 1 more BAN waits for a second admin.
        var (addsUpStatus, _) = await Pay("prize-4", "1", "one more");
        var (_, status) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/me/status", PlayerTokens.For(user));
        var (_, waiting) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/payouts/manual?status=awaiting_approval", admin);
        var (_, sentPayouts) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/admin/payouts?status=sent&user={user.ToLowerInvariant()}", admin);

        Assert.Equal(HttpStatusCode.Created, smallStatus);
        Assert.Equal((HttpStatusCode.OK, small.GetProperty("request").GetProperty("number").GetInt64()), (repeatStatus, repeat.GetProperty("request").GetProperty("number").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, reusedStatus);
        Assert.Equal((HttpStatusCode.Accepted, "awaiting_approval", JsonValueKind.Null), (largeStatus, large.GetProperty("request").GetProperty("status").GetString(), large.GetProperty("payout").ValueKind));
        Assert.Equal(1, sentBeforeApproval);
        Assert.Equal(HttpStatusCode.Forbidden, sameAdmin);
        Assert.Equal((HttpStatusCode.OK, "operator"), (approved, approval.GetProperty("request").GetProperty("decidedBy").GetString()));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.OK, HttpStatusCode.Conflict), (again, lateReject, rejected, lateApprove));
        Assert.Equal(HttpStatusCode.Accepted, addsUpStatus);
        // Exactly two sends, for 5 and 250 BAN, each under its payout id; manual payouts leave the caps alone.
        Assert.Equal(["250", "5"], cluster.Node.Sends.Values.Select(s => BanAmount.FromRaw(UInt128.Parse(s.Amount, System.Globalization.CultureInfo.InvariantCulture)).ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(("0", "255"), (status.GetProperty("pending").GetString(), status.GetProperty("paid").GetString()));
        Assert.Equal(1, status.GetProperty("caps").GetProperty("payoutsToday").GetInt32());
        Assert.Equal(1, waiting.GetProperty("items").GetArrayLength());
        Assert.Equal(2, sentPayouts.GetProperty("items").GetArrayLength());
        Assert.Equal(255, await CountAsync($"SELECT (sum(amount_raw) / 1e29)::bigint FROM reward_journal WHERE user_id = '{user}' AND kind = 'grant'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'payout.manual_requested'"));
    }

    [Fact]
    public async Task The_audit_log_gives_amounts_exactly_and_names_in_the_apis_own_words()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        // An amount whose raw has 30 digits and no exact double: a JSON number would come back rounded.
        const string amount = "250.00000000000000000000000000001";

        var (_, large) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", AdminToken(),
            new { userId = user, amountBan = amount, reason = "season prize" }, "season-exact");
        var number = large.GetProperty("request").GetProperty("number").GetInt64();
        await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/payouts/manual/{number}/reject", FaucetProcessArgs.OperatorToken);
        await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/settlement/run", FaucetProcessArgs.OperatorToken);
        var (_, log) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/audit", FaucetProcessArgs.OperatorToken);

        JsonElement Detail(string action) => log.GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == action).GetProperty("detail");
        var requested = Detail("payout.manual_requested");
        Assert.Equal((amount, "awaiting_approval", number), (requested.GetProperty("amount").GetString(), requested.GetProperty("status").GetString(), requested.GetProperty("number").GetInt64()));
        Assert.Equal(JsonValueKind.String, requested.GetProperty("threshold").ValueKind);
        Assert.Equal(amount, Detail("payout.manual_rejected").GetProperty("amount").GetString());
        Assert.Matches("^(not_started|paying|done|skipped)$", Detail("settlement.run").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_manual_payout_approved_after_the_player_was_banned_pays_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);

        var (_, large) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/payouts", AdminToken(),
            new { userId = user, amountBan = "500", reason = "season prize" }, "season-1");
        await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/admin/users/{user}/ban", FaucetProcessArgs.OperatorToken, new { reason = "fraud found" });
        var (approved, problem) = await CallAsync(api.Http, HttpMethod.Post,
            $"/api/v1/admin/payouts/manual/{large.GetProperty("request").GetProperty("number").GetInt64()}/approve", FaucetProcessArgs.OperatorToken);

        Assert.Equal((HttpStatusCode.Conflict, "Player banned"), (approved, problem.GetProperty("title").GetString()));
        Assert.Empty(cluster.Node.Sends);
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM reward_journal WHERE user_id = '{user}' AND kind = 'grant'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM payouts"));
    }

    [Fact]
    public async Task Stats_count_what_the_tables_hold_and_the_configuration_is_served_with_every_secret_masked()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 1);
        await Rounds.PlayerAsync(client.Client, kills: 2, withWallet: false);
        await client.Client.GetGrain<IPlayerGrain>(user).BanAsync(new PlayerBan("test", DateTimeOffset.UtcNow.AddDays(1), "operator", DateTimeOffset.UtcNow));

        var (_, stats) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/stats", FaucetProcessArgs.OperatorToken);
        using var config = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/config")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
        });
        var yaml = await config.Content.ReadAsStringAsync();

        var players = stats.GetProperty("players");
        Assert.Equal((2, 1, 1), (players.GetProperty("total").GetInt32(), players.GetProperty("withWallet").GetInt32(), players.GetProperty("banned").GetInt32()));
        Assert.Equal("6.3", stats.GetProperty("pending").GetString());
        Assert.Equal("application/yaml", config.Content.Headers.ContentType?.MediaType);
        Assert.Contains("manual_payout_approval_ban: 100", yaml, StringComparison.Ordinal);
        Assert.Contains("token: ********", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(FaucetProcessArgs.OperatorToken, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(FaucetProcessArgs.SessionKey, yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regions_come_from_the_trusted_header_only_as_codes_and_a_player_who_opts_out_is_forgotten()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync("--FAUCET_REGION_HEADER=X-Test-Region");
        using var germany = SignInTests.NewKey();
        using var hidden = SignInTests.NewKey();

        var german = await SignInAsync(api.Http, germany, "de-by");
        await SignInAsync(api.Http, hidden, "XX");
        var (_, before) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/analytics/regions", FaucetProcessArgs.OperatorToken);
        var (optOut, _) = await CallAsync(api.Http, HttpMethod.Put, "/api/v1/me/analytics", german, new { optOut = true });
        await SignInAsync(api.Http, germany, "DE-BY");
        var (_, after) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/admin/analytics/regions", FaucetProcessArgs.OperatorToken);
        var (badChoice, _) = await CallAsync(api.Http, HttpMethod.Put, "/api/v1/me/analytics", german, new { optIn = true });

        Assert.Equal("DE-BY:1", string.Join(',', before.GetProperty("regions").EnumerateArray().Select(r => $"{r.GetProperty("region").GetString()}:{r.GetProperty("players").GetInt32()}")));
        Assert.Equal((1, 0), (before.GetProperty("unknown").GetInt32(), before.GetProperty("optedOut").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, optOut);
        Assert.Equal((0, 1, 1), (after.GetProperty("regions").GetArrayLength(), after.GetProperty("unknown").GetInt32(), after.GetProperty("optedOut").GetInt32()));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM player_regions"));
        Assert.Equal(HttpStatusCode.BadRequest, badChoice);
    }

    /// <summary>Signs in with a wallet key, sending the region header a trusted proxy would add; returns the access token.</summary>
    private static async Task<string> SignInAsync(HttpClient http, Key key, string region)
    {
        var (_, challenge) = await CallAsync(http, HttpMethod.Post, "/api/v1/auth/challenge", null, new { did = SignInTests.DidOf(key) });
        var signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(challenge.GetProperty("message").GetString()!)));
        var (status, signedIn) = await CallAsync(http, HttpMethod.Post, "/api/v1/auth/verify", null,
            new { nonce = challenge.GetProperty("nonce").GetString(), signature, proof = await ProofOfWork.IfNeededAsync(http, challenge) }, header: ("X-Test-Region", region));
        Assert.Equal(HttpStatusCode.OK, status);
        return signedIn.GetProperty("accessToken").GetString()!;
    }
}
