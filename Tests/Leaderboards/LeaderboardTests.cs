using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Clicker;
using Faucet.Players;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Live;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Leaderboards;

/// <summary>The leaderboards and the public address balance on a running silo and Api, fed by real rounds and
/// clicks through the Orleans streams.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaderboardTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (string? User, string? Score)[] Entries(JsonElement board) =>
        board.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("userId").GetString(), e.GetProperty("score").GetString())).ToArray();

    private static async Task ClickAsync(IClusterClient client, string user, int clicks)
    {
        var clicker = client.GetGrain<IClickerGrain>(user);
        for (var i = 0; i < clicks; i++)
        {
            Assert.Equal(ClickOutcome.Accepted, (await clicker.ClickAsync(new ClickRequest($"n{i}", null, null))).Outcome);
        }
        await clicker.AccrueAsync();
    }

    [Fact]
    public async Task The_clicks_board_ranks_players_by_accepted_clicks_and_its_new_top_reaches_feed_watchers()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await using var socket = await FeedSocket.ConnectAsync(api.Http);
        var (alice, bob) = (await Rounds.PlayerAsync(client.Client, 0), await Rounds.PlayerAsync(client.Client, 0));
        // Each acknowledged before anything is clicked: an account channel's stream subscription is made first.
        foreach (var (channel, token) in new[] { ("feed", (string?)null), ("account:" + alice, PlayerTokens.For(alice)) })
        {
            await socket.SendAsync("subscribe", channel, token);
            Assert.Equal(channel, (await socket.NextAsync("subscribed")).GetProperty("channel").GetString());
        }

        await ClickAsync(client.Client, alice, 5);
        await ClickAsync(client.Client, bob, 3);
        // The board follows the clicks a moment later: wait for the final counts, not just for both players.
        (string?, string?)[] final = [(alice, "5"), (bob, "3")];
        foreach (var board in new[] { "/api/v1/leaderboard?board=clicks&window=day", "/api/v1/leaderboard?board=clicks" })
        {
            await Eventually.HoldsAsync(async () => Entries(await GetAsync(api.Http, board)).SequenceEqual(final), Patience, "both players are on the board with every click");
        }
        var today = await GetAsync(api.Http, "/api/v1/leaderboard?board=clicks&window=day");
        var ever = await GetAsync(api.Http, "/api/v1/leaderboard?board=clicks");
        var clickFrame = await socket.NextAsync("click");
        JsonElement pushed;
        do
        {
            pushed = await socket.NextAsync("leaderboard");
        }
        while (pushed.GetProperty("payload").GetProperty("window").GetString() != "day" || !Entries(pushed.GetProperty("payload")).SequenceEqual(final));

        Assert.Equal([(alice, "5"), (bob, "3")], Entries(today));
        Assert.Equal([(alice, "5"), (bob, "3")], Entries(ever));
        Assert.Equal(("clicks", "day", "P", 1), (today.GetProperty("board").GetString(), today.GetProperty("window").GetString(),
            today.GetProperty("entries")[0].GetProperty("name").GetString(), today.GetProperty("entries")[0].GetProperty("rank").GetInt32()));
        Assert.Equal(JsonValueKind.Null, ever.GetProperty("windowStart").ValueKind);
        Assert.Equal([(alice, "5"), (bob, "3")], Entries(pushed.GetProperty("payload")));
        Assert.Equal(("account:" + alice, 5), (clickFrame.GetProperty("channel").GetString(), clickFrame.GetProperty("payload").GetProperty("counts").GetProperty("today").GetInt32()));
    }

    [Fact]
    public async Task The_ban_board_and_an_address_balance_show_what_rounds_paid_and_a_restarted_board_starts_from_the_payouts_table()
    {
        string small, large;
        string largeWallet;
        await using (var silo = await cluster.StartSiloAsync())
        await using (var api = await cluster.StartApiAsync())
        await using (var client = await cluster.StartClientAsync())
        {
            (small, large) = (await Rounds.PlayerAsync(client.Client, 1), await Rounds.PlayerAsync(client.Client, 2));
            largeWallet = (await client.Client.GetGrain<IPlayerGrain>(large).GetProfileAsync())!.Wallet!.Value.Value;
            // The board is active (and subscribed) before the round pays.
            Assert.Empty(Entries(await GetAsync(api.Http, "/api/v1/leaderboard?board=ban&window=week")));
            await Rounds.RunAsync(client.Client);

            await Eventually.HoldsAsync(async () => Entries(await GetAsync(api.Http, "/api/v1/leaderboard?board=ban&window=week")).Length == 2, Patience, "the payouts reach the board");
            Assert.Equal([(large, "4.2"), (small, "2.1")], Entries(await GetAsync(api.Http, "/api/v1/leaderboard?board=ban&window=week")));
        }

        await using var restarted = await cluster.StartSiloAsync();
        await using var nextApi = await cluster.StartApiAsync();
        await using var nextClient = await cluster.StartClientAsync();
        var rebuilt = await GetAsync(nextApi.Http, "/api/v1/leaderboard?board=ban&window=day&limit=1");
        // (The others have had today's payout.)
        var newcomer = await Rounds.PlayerAsync(nextClient.Client, 3);
        await Rounds.RunAsync(nextClient.Client);
        await Eventually.HoldsAsync(async () => Entries(await GetAsync(nextApi.Http, "/api/v1/leaderboard?board=ban"))[0].User == newcomer, Patience, "the new payout moves the board");
        var balance = await GetAsync(nextApi.Http, $"/api/v1/accounts/{largeWallet}/balance");

        Assert.Equal([(large, "4.2")], Entries(rebuilt));
        Assert.Equal([(newcomer, "6.3"), (large, "4.2"), (small, "2.1")], Entries(await GetAsync(nextApi.Http, "/api/v1/leaderboard?board=ban")));
        // Naming no board is asking for the ban board, as naming no window is asking for all time.
        Assert.Equal([(newcomer, "6.3"), (large, "4.2"), (small, "2.1")], Entries(await GetAsync(nextApi.Http, "/api/v1/leaderboard")));
        Assert.Equal((largeWallet, "4.2", 1), (balance.GetProperty("address").GetString(), balance.GetProperty("totalPaid").GetString(), balance.GetProperty("payouts").GetInt32()));
        Assert.Equal("4.2", balance.GetProperty("recent")[0].GetProperty("amount").GetString());
        Assert.Equal(64, balance.GetProperty("recent")[0].GetProperty("block").GetString()!.Length);
    }

    [Fact]
    public async Task Unknown_boards_windows_limits_and_addresses_are_400_problems()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        var broken = LiveNodeCluster.Operator[..^1] + (LiveNodeCluster.Operator[^1] == 'p' ? 'q' : 'p');

        foreach (var (path, title) in new[]
                 {
                     ("/api/v1/leaderboard?board=kills", "Unknown board"),
                     ("/api/v1/leaderboard?board=ban&window=month", "Unknown window"),
                     ("/api/v1/leaderboard?board=ban&limit=101", "Invalid limit"),
                     ("/api/v1/leaderboard?board=ban&limit=0", "Invalid limit"),
                     ($"/api/v1/accounts/{broken}/balance", "Invalid Banano address"),
                     ("/api/v1/accounts/ban_123/balance", "Invalid Banano address"),
                 })
        {
            using var response = await api.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        var unpaid = await GetAsync(api.Http, $"/api/v1/accounts/{LiveNodeCluster.Operator}/balance");
        Assert.Equal(("0", 0), (unpaid.GetProperty("totalPaid").GetString(), unpaid.GetProperty("recent").GetArrayLength()));
    }
}
