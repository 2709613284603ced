using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Vanity;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Vanity;

/// <summary>Gacha pulls through the Api on a running silo: free pulls, then tokens; a retried pull pays once; a kept
/// key comes back sealed and opened; a key not kept is gone after a restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class VanityPullTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] BadParts = ["ok", "0x"];
    private static readonly string[] OnePart = ["z"];

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        cluster.Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 3000");
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Free_pulls_come_first_then_tokens_a_retried_pull_pays_once_and_a_kept_key_comes_back()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        var pattern = new { parts = new[] { "ab" }, caseInsensitive = true };

        var (firstStatus, first) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k1");
        var (againStatus, again) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k1");
        var (_, odds) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/odds", token, pattern);
        var (otherPatternStatus, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, new { parts = OnePart }, "k1");
        var pullId = first.GetProperty("pull").GetProperty("pullId").GetString();
        var (keepStatus, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/vanity/pulls/{pullId}/keep", token);
        var (_, kept) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/pulls/{pullId}", token);
        await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k2");
        await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k3");
        var (brokeStatus, broke) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k4");
        var (grantStatus, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = user, tokens = 15, reason = "welcome" }, "grant-1");
        var (paidStatus, paid) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", token, pattern, "k4");
        var (_, ledger) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens/transactions", token);
        var (_, history) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/pulls", token);
        var stranger = PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0));
        var (otherStatus, _) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/pulls/{pullId}", stranger);
        var (otherKeepStatus, _) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/vanity/pulls/{pullId}/keep", stranger);

        var key = first.GetProperty("key");
        var did = key.GetProperty("did").GetString()!;
        Assert.Equal((HttpStatusCode.Created, did), (firstStatus, first.GetProperty("pull").GetProperty("did").GetString()));
        Assert.Equal((2, 0L), (first.GetProperty("freePullsLeft").GetInt32(), first.GetProperty("tokens").GetInt64()));
        Assert.Equal(3000, first.GetProperty("pull").GetProperty("candidates").GetInt64());
        // The pull measured the cluster's search rate, and the odds are given in seconds at it.
        var rate = odds.GetProperty("clusterKeysPerSecond").GetDouble();
        Assert.True(rate > 0, odds.GetRawText());
        Assert.Equal(Math.Round(odds.GetProperty("odds").GetProperty("expectedAttempts").GetDouble() / rate, 1), odds.GetProperty("expectedSeconds").GetDouble(), 0.2);
        // The match it reports is the one the key shows.
        Assert.True(VanityPattern.TryCompile(["ab"], true, false, out var compiled, out _));
        var score = compiled!.Score(did["did:key:z6Mk".Length..].Select(c => (byte)Base58.DigitOf(c)).ToArray());
        Assert.Equal(score, first.GetProperty("pull").GetProperty("match").GetProperty("score").GetInt32());
        Assert.Equal((HttpStatusCode.OK, pullId, 2), (againStatus, again.GetProperty("pull").GetProperty("pullId").GetString(), again.GetProperty("freePullsLeft").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, keepStatus);
        Assert.Equal(key.GetProperty("seedHex").GetString(), kept.GetProperty("key").GetProperty("seedHex").GetString());
        Assert.Equal((HttpStatusCode.PaymentRequired, "Not enough tokens"), (brokeStatus, broke.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.OK, grantStatus);
        Assert.Equal((HttpStatusCode.Created, 5L, 10L), (paidStatus, paid.GetProperty("tokens").GetInt64(), paid.GetProperty("pull").GetProperty("tokens").GetInt64()));
        Assert.Equal([-10L, 15, 0, 0, 0], ledger.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("amount").GetInt64()));
        Assert.Equal(4, history.GetProperty("items").GetArrayLength());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (otherStatus, otherKeepStatus));
        Assert.Equal(HttpStatusCode.Conflict, otherPatternStatus);
    }

    [Fact]
    public async Task A_key_not_kept_is_gone_after_a_restart_and_a_bad_pattern_is_refused_before_anything_is_paid()
    {
        var user = "";
        string? pullId;
        await using (var silo = await cluster.StartSiloAsync())
        await using (var client = await cluster.StartClientAsync())
        await using (var api = await cluster.StartApiAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, kills: 0);
            var (bad, problem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", PlayerTokens.For(user), new { parts = BadParts });
            Assert.Equal((HttpStatusCode.BadRequest, true), (bad, problem.GetProperty("detail").GetString()!.Contains("parts[1]", StringComparison.Ordinal)));
            Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM token_ledger"));
            var (noKey, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", PlayerTokens.For(user), new { parts = OnePart });
            Assert.Equal(HttpStatusCode.BadRequest, noKey);
            var (_, pulled) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", PlayerTokens.For(user), new { parts = OnePart }, "one");
            pullId = pulled.GetProperty("pull").GetProperty("pullId").GetString();
        }

        await using (var silo = await cluster.StartSiloAsync())
        await using (var api = await cluster.StartApiAsync())
        {
            var (gone, problem) = await CallAsync(api.Http, HttpMethod.Post, $"/api/v1/vanity/pulls/{pullId}/keep", PlayerTokens.For(user));
            var (missing, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls/nope/keep", PlayerTokens.For(user));

            Assert.Equal((HttpStatusCode.Gone, "Key gone"), (gone, problem.GetProperty("title").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, missing);
        }
    }

    [Fact]
    public async Task A_pull_that_gets_no_turn_at_the_key_search_in_time_is_refused_as_busy_charges_nothing_and_goes_through_when_sent_again()
    {
        // One pull searches at a time, for long enough that the others, sent together, come while it does; none waits.
        cluster.Config.SetLine("integrations.yaml", "pull_wait_seconds", "pull_wait_seconds: 0");
        cluster.Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 200000");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Rounds.PlayerAsync(client.Client, kills: 0)));

        async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> PullAsync(string user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/vanity/pulls")
            {
                Content = JsonContent.Create(new { parts = OnePart }),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) },
            };
            request.Headers.Add("Idempotency-Key", "busy-1");
            using var response = await api.Http.SendAsync(request);
            return (response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync());
        }

        var answers = await Task.WhenAll(users.Select(PullAsync));
        var busy = users.Zip(answers).Where(a => a.Second.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var ledgerOfBusy = await Task.WhenAll(busy.Select(b => cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{b.First}'")));
        var again = await Task.WhenAll(busy.Select(b => PullAsync(b.First)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.Equal(2, busy.Count);
        Assert.All(busy, b =>
        {
            Assert.Equal("5", b.Second.RetryAfter);
            var problem = JsonDocument.Parse(b.Second.Body).RootElement;
            Assert.Equal("Key search busy", problem.GetProperty("title").GetString());
            Assert.Contains("nothing was charged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        });
        Assert.All(ledgerOfBusy, count => Assert.Equal("0", count));
        // Sent again, they wait no longer than before; one at a time they are all served once the search is free.
        Assert.Contains(again.Select(a => a.Status), s => s == HttpStatusCode.Created);
        foreach (var (user, _) in busy.Where((_, i) => again[i].Status != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Created, (await PullAsync(user)).Status);
        }
        Assert.Equal("3", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE kind = 'pull'"));
    }
}
