using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Api;

/// <summary>A player's own endpoints on a running silo and Api, called with access tokens signed as sign-in signs them.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class MeEndpointsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static HttpRequestMessage Get(string path, string? token) => new(HttpMethod.Get, path)
    {
        Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
    };

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token)
    {
        using var response = await http.SendAsync(Get(path, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_player_sees_what_is_pending_what_the_caps_leave_and_after_a_round_what_was_paid()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 2);
        var token = PlayerTokens.For(user);

        var before = await GetJsonAsync(api.Http, "/api/v1/me/status", token);
        await Rounds.RunAsync(client.Client);
        var after = await GetJsonAsync(api.Http, "/api/v1/me/status", token);

        Assert.Equal((user, true, "4.2", "0"), (before.GetProperty("userId").GetString(), before.GetProperty("linked").GetBoolean(),
            before.GetProperty("pending").GetString(), before.GetProperty("paid").GetString()));
        Assert.Equal((1, 3), (before.GetProperty("caps").GetProperty("payoutsToday").GetInt32(), before.GetProperty("caps").GetProperty("payoutsThisWeek").GetInt32()));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("caps").GetProperty("banToday").ValueKind);
        Assert.True(before.GetProperty("nextSettlementAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        // payout.yaml as shipped has no payout threshold: nothing more is needed.
        Assert.Equal(("0", "0"), (before.GetProperty("minPayout").GetString(), before.GetProperty("neededForPayout").GetString()));
        Assert.Equal(("0", "4.2"), (after.GetProperty("pending").GetString(), after.GetProperty("paid").GetString()));
        Assert.Equal((0, 2), (after.GetProperty("caps").GetProperty("payoutsToday").GetInt32(), after.GetProperty("caps").GetProperty("payoutsThisWeek").GetInt32()));
    }

    [Fact]
    public async Task Accruals_and_payouts_come_newest_first_a_page_at_a_time_until_the_cursor_runs_out()
    {
        cluster.Config.SetLine("payout.yaml", "daily_payout_cap", "daily_payout_cap: 10");
        cluster.Config.SetLine("payout.yaml", "weekly_payout_cap", "weekly_payout_cap: 10");
        cluster.Config.SetLine("payout.yaml", "reward_ban_per_click", "reward_ban_per_click: 0.01");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 1);
        var clicker = client.Client.GetGrain<Faucet.Clicker.IClickerGrain>(user);
        var rounds = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            for (var click = 0; click < i; click++)
            {
                await clicker.ClickAsync(new Faucet.Clicker.ClickRequest($"click-{i}-{click}", null, null));
            }
            await clicker.AccrueAsync();
            rounds.Add((await Rounds.RunAsync(client.Client)).Number);
        }
        var token = PlayerTokens.For(user);

        var accruals = await ReadAllAsync(api.Http, "/api/v1/me/accruals", token, pageSize: 2);
        var payouts = await ReadAllAsync(api.Http, "/api/v1/me/payouts", token, pageSize: 2);

        Assert.Equal(["0.03", "0.02", "0.01", "2.1"], accruals.Select(a => a.GetProperty("amount").GetString()));
        Assert.Equal(["clicks", "clicks", "clicks", "kills"], accruals.Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal(rounds.AsEnumerable().Reverse(), payouts.Select(p => p.GetProperty("round").GetInt64()));
        Assert.Equal(["0.03", "0.02", "2.11"], payouts.Select(p => p.GetProperty("amount").GetString()));
        Assert.All(payouts, p => Assert.Equal(cluster.Node.Sends[p.GetProperty("payoutId").GetString()!].Block, p.GetProperty("block").GetString()));
    }

    /// <summary>Follows nextCursor from the first page to the last, checking each page's size.</summary>
    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient http, string path, string token, int pageSize)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(http, $"{path}?limit={pageSize}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), token);
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(cursor is null ? batch.Count <= pageSize : batch.Count == pageSize, $"a page of {batch.Count} with cursor {cursor}");
            items.AddRange(batch);
        }
        while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task Without_a_valid_access_token_the_player_endpoints_answer_401_and_show_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        var user = UserId.New(TimeProvider.System);
        var anHourAgo = new SettableClock(DateTimeOffset.UtcNow.AddHours(-1));
        var tokens = new (string Why, string? Token)[]
        {
            ("none", null),
            ("expired", PlayerTokens.Issuer(clock: anHourAgo).Issue(user, ["player"])),
            ("signed with another key", PlayerTokens.Issuer(key: "another-signing-key-0123456789abcdef").Issue(user, ["player"])),
            ("not a player", PlayerTokens.Issuer().Issue(user, ["support"])),
            ("not a token", "definitely.not.a-token"),
            ("the operator token", FaucetProcessArgs.OperatorToken),
        };

        foreach (var (why, token) in tokens)
        {
            foreach (var path in new[] { "/api/v1/me/status", "/api/v1/me/accruals", "/api/v1/me/payouts" })
            {
                using var response = await api.Http.SendAsync(Get(path, token));
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{path} with {why}: {response.StatusCode}");
                Assert.DoesNotContain(user.Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/me/accruals?limit=0", "Invalid limit")]
    [InlineData("/api/v1/me/accruals?limit=101", "Invalid limit")]
    [InlineData("/api/v1/me/payouts?limit=ten", "Invalid limit")]
    [InlineData("/api/v1/me/accruals?cursor=-4", "Invalid cursor")]
    [InlineData("/api/v1/me/payouts?cursor=not*base64", "Invalid cursor")]
    [InlineData("/api/v1/me/payouts?cursor=bm8tY29sb24", "Invalid cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_problem_that_says_which(string path, string title)
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        using var response = await api.Http.SendAsync(Get(path, PlayerTokens.For(UserId.New(TimeProvider.System).Value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_token_for_a_user_without_an_account_gets_a_404_problem()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        using var response = await api.Http.SendAsync(Get("/api/v1/me/status", PlayerTokens.For(UserId.New(TimeProvider.System).Value)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wallet_is_linked_to_one_player_only_and_changing_it_waits_for_the_cooldown()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var (first, second) = (await Rounds.PlayerAsync(client.Client, 0, withWallet: false), await Rounds.PlayerAsync(client.Client, 0, withWallet: false));
        var (a, b) = (BananoAddress.FromPublicKey(new byte[32]).Value, BananoAddress.FromPublicKey(Enumerable.Repeat((byte)7, 32).ToArray()).Value);

        async Task<(HttpStatusCode Status, JsonElement Body)> LinkAsync(string user, string? address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/wallet")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) },
                Content = JsonContent.Create(new { address }),
            };
            using var response = await api.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        string? Says((HttpStatusCode Status, JsonElement Body) answer) =>
            answer.Body.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : answer.Body.GetProperty("title").GetString();

        var broken = await LinkAsync(first, a[..^1] + (a[^1] == '1' ? '3' : '1'));
        var linked = await LinkAsync(first, a);
        var again = await LinkAsync(first, a);
        var taken = await LinkAsync(second, a);
        var tooSoon = await LinkAsync(first, b);
        clock.Set(clock.GetUtcNow().AddHours(169));
        var changed = await LinkAsync(first, b);

        Assert.Equal((HttpStatusCode.BadRequest, "Invalid Banano address"), (broken.Status, Says(broken)));
        Assert.Equal((HttpStatusCode.OK, "linked"), (linked.Status, Says(linked)));
        Assert.Equal((HttpStatusCode.OK, "already_linked"), (again.Status, Says(again)));
        Assert.Equal((HttpStatusCode.Conflict, "Wallet taken"), (taken.Status, Says(taken)));
        Assert.Equal((HttpStatusCode.Conflict, "Too soon to change wallet"), (tooSoon.Status, Says(tooSoon)));
        Assert.Equal((HttpStatusCode.OK, "changed"), (changed.Status, Says(changed)));
        Assert.Equal(b, (await client.Client.GetGrain<IPlayerGrain>(first).GetProfileAsync())!.Wallet!.Value.Value);
        Assert.Equal(b, await cluster.ScalarAsync($"SELECT address FROM player_wallets WHERE user_id = '{first}'"));
        Assert.Equal("wallet.linked,wallet.changed", await cluster.ScalarAsync($"SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE subject = '{first}'"));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("\u00a0")]
    public async Task An_address_with_whitespace_in_front_is_refused_when_linked_and_when_looked_up(string whitespace)
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 0, withWallet: false);
        var address = BananoAddress.FromPublicKey(Enumerable.Repeat((byte)9, 32).ToArray()).Value;

        using var link = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/wallet")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) },
            Content = JsonContent.Create(new { address = whitespace + address }),
        };
        using var linked = await api.Http.SendAsync(link);
        var linkProblem = await linked.Content.ReadFromJsonAsync<JsonElement>();
        using var balance = await api.Http.GetAsync($"/api/v1/accounts/{Uri.EscapeDataString(whitespace + address)}/balance");
        var balanceProblem = await balance.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (linked.StatusCode, balance.StatusCode));
        Assert.StartsWith("address", linkProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("address", balanceProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await client.Client.GetGrain<IPlayerGrain>(user).GetProfileAsync())!.Wallet);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM player_wallets"));
    }
}
