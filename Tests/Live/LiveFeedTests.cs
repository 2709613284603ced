using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Faucet.Feed;
using Faucet.Money;
using Faucet.Payouts;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;

namespace Faucet.Tests.Live;

/// <summary>/ws on running Api processes with real sockets, fed by a silo through the Orleans feed streams.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class LiveFeedTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    private static async Task SubscribedAsync(FeedSocket socket, string channel, string? token = null)
    {
        await socket.SendAsync("subscribe", channel, token);
        var ack = await socket.NextAsync();
        Assert.Equal(("subscribed", channel), (Type(ack), ack.GetProperty("channel").GetString()));
    }

    private static async Task<JsonElement> LiveAsync(ApiProcess api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/live")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) },
        };
        using var response = await api.Http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<int> ConnectionsAsync(ApiProcess api) => (await LiveAsync(api)).GetProperty("connections").GetInt32();

    private static async Task<int> WatchersAsync(ApiProcess api) =>
        (await LiveAsync(api)).GetProperty("channels").TryGetProperty("feed", out var n) ? n.GetInt32() : 0;

    [Fact]
    public async Task A_feed_subscriber_gets_each_payout_in_order_and_nothing_once_it_unsubscribes()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await using var leaving = await FeedSocket.ConnectAsync(api.Http);
        await using var staying = await FeedSocket.ConnectAsync(api.Http);
        await SubscribedAsync(leaving, "feed");
        await SubscribedAsync(staying, "feed");
        var first = new[] { await Rounds.PlayerAsync(client.Client, 1), await Rounds.PlayerAsync(client.Client, 2) };

        await Rounds.RunAsync(client.Client);
        var payouts = new[] { await leaving.NextAsync("payout"), await leaving.NextAsync("payout") };
        await leaving.SendAsync("unsubscribe", "feed");
        Assert.Equal("unsubscribed", Type(await leaving.NextAsync("unsubscribed")));
        var later = await Rounds.PlayerAsync(client.Client, 3);
        await Rounds.RunAsync(client.Client);
        await staying.NextAsync("payout");
        await staying.NextAsync("payout");
        var third = await staying.NextAsync("payout");
        // Frames to one socket keep their order: had a third payout been queued for the socket that left, it would
        // come before the answer to this.
        await leaving.SendRawAsync("not json");

        Assert.Equal(first.Order(StringComparer.Ordinal), payouts.Select(p => p.GetProperty("payload").GetProperty("userId").GetString()).Order(StringComparer.Ordinal));
        Assert.True(payouts[1].GetProperty("seq").GetInt64() > payouts[0].GetProperty("seq").GetInt64());
        Assert.All(payouts, p => Assert.Equal(cluster.Node.Sends[p.GetProperty("payload").GetProperty("payoutId").GetString()!].Block, p.GetProperty("payload").GetProperty("block").GetString()));
        Assert.Equal(later, third.GetProperty("payload").GetProperty("userId").GetString());
        Assert.Equal("2.1", payouts.Single(p => p.GetProperty("payload").GetProperty("userId").GetString() == first[0]).GetProperty("payload").GetProperty("amount").GetString());
        var next = await leaving.NextAsync();
        Assert.Equal(("error", "bad_frame"), (Type(next), next.GetProperty("payload").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task An_account_channel_is_refused_without_that_players_token_and_open_with_it()
    {
        cluster.Config.SetLine("payout.yaml", "reward_ban_per_click", "reward_ban_per_click: 0.5");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 0);
        var someoneElse = UserId.New(TimeProvider.System);
        await using var socket = await FeedSocket.ConnectAsync(api.Http);

        await socket.SendAsync("subscribe", $"account:{user}");
        var refused = await socket.NextAsync();
        await socket.SendAsync("subscribe", $"account:{user}", PlayerTokens.For(someoneElse.Value));
        var refusedForAnother = await socket.NextAsync();
        await SubscribedAsync(socket, $"account:{user}", PlayerTokens.For(user));
        var clicker = client.Client.GetGrain<Faucet.Clicker.IClickerGrain>(user);
        await clicker.ClickAsync(new Faucet.Clicker.ClickRequest("c1", null, null));
        await clicker.AccrueAsync();
        var balance = await socket.NextAsync("balance");
        await Rounds.RunAsync(client.Client);
        var paid = await socket.NextAsync("payout");

        Assert.Equal(("error", "forbidden"), (Type(refused), refused.GetProperty("payload").GetProperty("code").GetString()));
        Assert.Equal(("error", "forbidden"), (Type(refusedForAnother), refusedForAnother.GetProperty("payload").GetProperty("code").GetString()));
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(("0.5", "clicks"), (balance.GetProperty("payload").GetProperty("pending").GetString(), balance.GetProperty("payload").GetProperty("change").GetString()));
        Assert.Equal((user, "0.5"), (paid.GetProperty("payload").GetProperty("userId").GetString(), paid.GetProperty("payload").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task A_socket_that_does_not_keep_up_is_closed_while_a_fast_one_gets_every_frame_in_order()
    {
        cluster.Config.SetLine("product.yaml", "send_queue", "send_queue: 2048");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await using var fast = await FeedSocket.ConnectAsync(api.Http);
        await using var slow = await FeedSocket.ConnectAsync(api.Http, read: false);
        await SubscribedAsync(fast, "feed");
        await slow.SendAsync("subscribe", "feed");
        await Eventually.HoldsAsync(async () => await WatchersAsync(api) == 2, Patience, "both sockets watch the feed");
        // Enough that the slow socket's queue and the loopback connection's buffers both fill up.
        const int events = 60_000;
        var feed = client.Client.GetStreamProvider(FeedStreams.ProviderName).GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));
        var block = BlockHash.Parse(new string('A', 64));
        var destination = BananoAddress.Parse("ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3");

        // The fast socket reads each batch before the next is published, so it keeps up however busy the machine is,
        // while the slow one, which never reads, falls further behind with every batch.
        var received = new List<JsonElement>();
        // Every frame of the channel counts in its seq: a tick or a leaderboard frame may fall between the payouts (the
        // slower the machine, the likelier), so the order is checked over all of them.
        var seqs = new List<long>();
        for (var start = 0; start < events; start += 500)
        {
            await feed.OnNextBatchAsync(Enumerable.Range(start, 500).Select(i =>
                new PayoutSentEvent($"p{i}", "u", 1, destination, BanAmount.Parse("1"), block, DateTimeOffset.UtcNow)));
            while (received.Count < start + 500)
            {
                var frame = await fast.NextAsync();
                seqs.Add(frame.GetProperty("seq").GetInt64());
                if (Type(frame) == "payout")
                {
                    received.Add(frame);
                }
            }
        }
        await slow.ClosedAsync();

        Assert.Equal(Enumerable.Range(0, events).Select(i => $"p{i}"), received.Select(f => f.GetProperty("payload").GetProperty("payoutId").GetString()));
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
        Assert.True(slow.CloseStatus is null or WebSocketCloseStatus.PolicyViolation, $"closed with {slow.CloseStatus}");
        await Eventually.HoldsAsync(async () => await ConnectionsAsync(api) == 1, Patience, "only the fast socket is left");
        Assert.Equal(WebSocketState.Open, fast.State);
    }

    [Fact]
    public async Task A_socket_that_does_not_answer_pings_is_reaped_and_one_that_does_stays()
    {
        cluster.Config.SetLine("product.yaml", "ping_seconds", "ping_seconds: 1");
        cluster.Config.SetLine("product.yaml", "pong_timeout_seconds", "pong_timeout_seconds: 1");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var answering = await FeedSocket.ConnectAsync(api.Http);
        await using var silent = await FeedSocket.ConnectAsync(api.Http, read: false);
        await Eventually.HoldsAsync(async () => await ConnectionsAsync(api) == 2, Patience, "both sockets are open");

        await Eventually.HoldsAsync(async () => await ConnectionsAsync(api) == 1, Patience, "the silent socket is reaped");

        await SubscribedAsync(answering, "feed");
        Assert.Equal(WebSocketState.Open, answering.State);
    }

    [Fact]
    public async Task Two_api_processes_each_deliver_a_payout_to_their_own_sockets()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var one = await cluster.StartApiAsync();
        await using var two = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await using var onOne = await FeedSocket.ConnectAsync(one.Http);
        await using var onTwo = await FeedSocket.ConnectAsync(two.Http);
        await SubscribedAsync(onOne, "feed");
        await SubscribedAsync(onTwo, "feed");
        var user = await Rounds.PlayerAsync(client.Client, 1);

        await Rounds.RunAsync(client.Client);

        Assert.Equal(user, (await onOne.NextAsync("payout")).GetProperty("payload").GetProperty("userId").GetString());
        Assert.Equal(user, (await onTwo.NextAsync("payout")).GetProperty("payload").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task The_feed_keeps_coming_after_the_silo_behind_it_is_replaced()
    {
        var first = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var socket = await FeedSocket.ConnectAsync(api.Http);
        await SubscribedAsync(socket, "feed");
        await first.DisposeAsync();

        await using var second = await cluster.StartSiloAsync();
        // Events published while the Api is cut off are not delivered; once it is back it subscribes afresh.
        await Eventually.HoldsAsync(async () => (await LiveAsync(api)).GetProperty("feedRenewals").GetInt32() >= 1, Patience, "the Api renews its feed subscription");
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, 1);
        await Rounds.RunAsync(client.Client);

        Assert.Equal(user, (await socket.NextAsync("payout")).GetProperty("payload").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Recent_feed_events_come_newest_first_in_the_frame_shape_and_a_bad_limit_is_a_400()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var users = new[] { await Rounds.PlayerAsync(client.Client, 1), await Rounds.PlayerAsync(client.Client, 2) };
        await Rounds.RunAsync(client.Client);

        var recent = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/feed/recent?limit=5");
        using var bad = await api.Http.GetAsync(new Uri("/api/v1/feed/recent?limit=5000", UriKind.Relative));
        using var notASocket = await api.Http.GetAsync(new Uri("/ws", UriKind.Relative));

        Assert.Equal(users.Order(StringComparer.Ordinal), recent.EnumerateArray().Select(f => f.GetProperty("payload").GetProperty("userId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(recent.EnumerateArray(), f => Assert.Equal(("feed", "payout"), (f.GetProperty("channel").GetString(), Type(f))));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, notASocket.StatusCode);
    }

    [Fact]
    public async Task A_page_from_an_origin_that_is_not_allowed_cannot_open_the_socket()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new UriBuilder(api.Http.BaseAddress!) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }
}
