using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Faucet.Tests.Fakes;

/// <summary>
/// The fake node at a real node's pace: what the throughput tests and benchmarks measure against must keep each
/// account's sends in one chain, let different accounts send at once, and answer a repeated id as a node does.
/// </summary>
public sealed class FakeBananoNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan SendTime = TimeSpan.FromMilliseconds(100);
    private static readonly HttpClient Http = new();

    private FakeBananoNode node = null!;

    public async Task InitializeAsync()
    {
        node = await FakeBananoNode.StartAsync();
        node.SendTime = SendTime;
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task One_accounts_sends_run_one_after_another_each_taking_the_send_time()
    {
        var clock = Stopwatch.StartNew();
        var blocks = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SendAsync("ban_source_a", $"one-{i}")));
        clock.Stop();

        var chain = node.ChainOf("ban_source_a");
        Assert.Equal(4, chain.Count);
        Assert.Equal(4, blocks.Distinct().Count());
        Assert.All(chain, link => Assert.True(link.Ended - link.Began >= SendTime, $"{link.Id} took {link.Ended - link.Began}"));
        Assert.All(chain.Zip(chain.Skip(1)), pair => Assert.True(pair.Second.Began >= pair.First.Ended, $"{pair.Second.Id} began before {pair.First.Id} ended"));
        Assert.True(chain[^1].Ended - chain[0].Began >= SendTime * 4);
        Assert.True(clock.Elapsed >= SendTime * 4, $"four sends on one chain answered in {clock.Elapsed}");
    }

    [Fact]
    public async Task Different_accounts_send_at_the_same_time()
    {
        var accounts = Enumerable.Range(0, 4).Select(i => $"ban_source_{i}").ToList();

        await Task.WhenAll(accounts.Select(account => SendAsync(account, "of-" + account)));

        var links = accounts.Select(account => Assert.Single(node.ChainOf(account))).ToList();
        var lastBegan = links.Max(link => link.Began);
        var firstEnded = links.Min(link => link.Ended);
        Assert.True(lastBegan < firstEnded, $"the last send began at {lastBegan}, after the first ended at {firstEnded}");
    }

    [Fact]
    public async Task A_repeated_id_answers_the_first_block_without_taking_the_chain_again()
    {
        // Longer sends here, so that an answer from the chain could not pass for an answer from the id.
        node.SendTime = TimeSpan.FromMilliseconds(500);
        var first = await SendAsync("ban_source_a", "again");

        var busy = new[] { SendAsync("ban_source_a", "busy-1"), SendAsync("ban_source_a", "busy-2") };
        var clock = Stopwatch.StartNew();
        var repeated = await SendAsync("ban_source_a", "again");
        clock.Stop();
        var answeredWhileBusy = !busy.All(send => send.IsCompleted);
        var joined = await SendAsync("ban_source_a", "busy-2");
        var blocks = await Task.WhenAll(busy);

        Assert.Equal(first, repeated);
        Assert.True(answeredWhileBusy && clock.Elapsed < node.SendTime, $"the repeated id was answered after {clock.Elapsed}, as if sent again");
        Assert.Equal(blocks[1], joined);
        Assert.Equal(["again", "busy-1", "busy-2"], node.ChainOf("ban_source_a").Select(link => link.Id).Order());
        Assert.Equal(3, node.Sends.Count);
        Assert.Empty(node.Conflicts);
    }

    [Fact]
    public async Task Without_a_send_time_sends_are_not_serialised()
    {
        node.SendTime = TimeSpan.Zero;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SendAsync("ban_source_a", $"fast-{i}")));

        var chain = node.ChainOf("ban_source_a");
        Assert.Equal(4, chain.Count);
        Assert.All(chain, link => Assert.True(link.Ended - link.Began < SendTime));
    }

    [Fact]
    public async Task A_donation_is_receivable_until_it_is_received_and_then_in_the_balance()
    {
        var sendHash = node.Donate("ban_donor", "ban_donations", 5, received: false);
        var receivable = await BalanceAsync("ban_donations");

        node.Receive(sendHash);
        var received = await BalanceAsync("ban_donations");

        Assert.Equal(("0", "5"), receivable);
        Assert.Equal(("5", "0"), received);
        Assert.Throws<InvalidOperationException>(() => node.Receive(sendHash));
    }

    private async Task<(string Balance, string Receivable)> BalanceAsync(string account)
    {
        using var response = await Http.PostAsJsonAsync(node.Url, new { action = "account_balance", account });
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (answer.RootElement.GetProperty("balance").GetString()!, answer.RootElement.GetProperty("receivable").GetString()!);
    }

    private async Task<string> SendAsync(string source, string id)
    {
        using var response = await Http.PostAsJsonAsync(node.Url, new
        {
            action = "send",
            wallet = "wallet-1",
            source,
            destination = "ban_3t6k35gi95xu6tergt6p69ck76ogmitsa8mnijtpxm9fkcm736xtoncuohr3",
            amount = "210000000000000000000000000000",
            id,
        });
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("block").GetString()!;
    }
}
