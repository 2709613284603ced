using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Faucet.Clicker;
using Faucet.Money;
using Faucet.Players;
using Faucet.Rewards;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Clicker;

/// <summary>The clicker through <c>POST /api/v1/click</c> on a running Api and silo, on a clock that stands still
/// between clicks so that the times the clicker judges are exactly the ones the test chose.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class ClickerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly BanAmount PerClick = BanAmount.Parse("0.001");

    private readonly SettableClock clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), runs: false);
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static string NewUser() => UserId.New(TimeProvider.System).Value;

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> ClickAsync(HttpClient http, string user, string nonce)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/click")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) },
            Content = JsonContent.Create(new { clientNonce = nonce }),
        };
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response);
    }

    private Task<long> CountAsync(string sql) => Sql.CountAsync(cluster.Database, sql);

    /// <summary>Clicks once per interval (milliseconds), moving the clock by each; the statuses in order.</summary>
    private async Task<List<(HttpStatusCode Status, JsonElement Body)>> ClickAtAsync(HttpClient http, string user, IEnumerable<double> intervals, string prefix = "n")
    {
        var answers = new List<(HttpStatusCode, JsonElement)>();
        var i = 0;
        foreach (var interval in intervals)
        {
            clock.Set(clock.GetUtcNow().AddMilliseconds(interval));
            var (status, body, response) = await ClickAsync(http, user, $"{prefix}-{i++}");
            response.Dispose();
            answers.Add((status, body));
        }
        return answers;
    }

    [Fact]
    public async Task The_players_counts_are_read_before_any_click_and_follow_each_accepted_one()
    {
        var user = NewUser();
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        var token = PlayerTokens.For(user);

        var (beforeStatus, before) = await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/click", token);
        clock.Set(clock.GetUtcNow().AddMilliseconds(300));
        (await ClickAsync(api.Http, user, "first")).Response.Dispose();
        clock.Set(clock.GetUtcNow().AddMilliseconds(300));
        (await ClickAsync(api.Http, user, "second")).Response.Dispose();
        var (_, after) = await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/click", token);

        Assert.Equal(HttpStatusCode.OK, beforeStatus);
        Assert.Equal((0, 0), (before.GetProperty("counts").GetProperty("today").GetInt64(), before.GetProperty("counts").GetProperty("allTime").GetInt64()));
        Assert.Equal((2, 2), (after.GetProperty("counts").GetProperty("today").GetInt64(), after.GetProperty("counts").GetProperty("allTime").GetInt64()));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("bannedUntil").ValueKind);
    }

    [Fact]
    public async Task A_click_sent_again_with_its_nonce_gets_the_first_answer_and_counts_once_even_on_another_silo()
    {
        var user = NewUser();
        await using (var silo = await cluster.StartSiloAsync(clock: clock))
        await using (var api = await cluster.StartApiAsync())
        {
            var first = await ClickAsync(api.Http, user, "nonce-a");
            clock.Set(clock.GetUtcNow().AddMilliseconds(300));
            await ClickAsync(api.Http, user, "nonce-b");
            clock.Set(clock.GetUtcNow().AddMilliseconds(300));
            var again = await ClickAsync(api.Http, user, "nonce-a");

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, again.Status));
            Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
            Assert.Equal((1, 1), (first.Body.GetProperty("seq").GetInt64(), first.Body.GetProperty("counts").GetProperty("today").GetInt64()));
        }

        // A new silo: the grain starts afresh, with only the latest answers in memory, and answers an older repeat
        // from the click log.
        await using var next = await cluster.StartSiloAsync(clock: clock);
        await using var nextApi = await cluster.StartApiAsync();
        var random = new Random(4);
        await ClickAtAsync(nextApi.Http, user, Enumerable.Range(0, 70).Select(_ => 250 + random.NextDouble() * 250), "more");
        clock.Set(clock.GetUtcNow().AddMilliseconds(300));
        var afterRestart = await ClickAsync(nextApi.Http, user, "nonce-a");

        Assert.Equal(HttpStatusCode.OK, afterRestart.Status);
        Assert.Equal(1, afterRestart.Body.GetProperty("seq").GetInt64());
        Assert.Equal(72, await CountAsync($"SELECT count(*) FROM click_events WHERE user_id = '{user}'"));
    }

    [Fact]
    public async Task Clicks_faster_than_the_bucket_refills_are_refused_with_retry_after_and_count_nothing_until_it_has_a_token()
    {
        var user = NewUser();
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        var random = new Random(5);
        var started = clock.GetUtcNow();

        // About ten clicks a second, unevenly, against a bucket of 20 that refills 5 a second, until one is refused.
        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();
        while (answers.Count < 100 && (answers.Count == 0 || answers[^1].Status == HttpStatusCode.OK))
        {
            answers.AddRange(await ClickAtAsync(api.Http, user, [80 + random.NextDouble() * 50], $"c{answers.Count}"));
        }
        var accepted = answers.Count - 1;
        var elapsed = (clock.GetUtcNow() - started).TotalSeconds;
        var refusal = answers[^1].Body;
        var retryAt = refusal.GetProperty("retryAt").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].Status);
        Assert.InRange(accepted, 20 + (int)(5 * elapsed) - 1, 20 + (int)(5 * elapsed) + 1);
        Assert.Equal("Clicking too fast", refusal.GetProperty("title").GetString());
        Assert.InRange(retryAt - clock.GetUtcNow(), TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(200));

        // Once the bucket has a token again, the next click counts, and the refused one never did.
        clock.Set(retryAt);
        var later = await ClickAsync(api.Http, user, "after-the-wait");
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.Equal(accepted + 1, later.Body.GetProperty("counts").GetProperty("today").GetInt64());
        Assert.Equal(accepted + 1, await CountAsync($"SELECT count(*) FROM click_events WHERE user_id = '{user}' AND outcome = 'accepted'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM click_events WHERE user_id = '{user}' AND outcome = 'rate_limited'"));
    }

    [Fact]
    public async Task A_refused_click_says_when_to_come_back_in_retry_after()
    {
        var user = NewUser();
        cluster.Config.SetLine("payout.yaml", "bucket_capacity", "bucket_capacity: 1");
        cluster.Config.SetLine("payout.yaml", "refill_per_second", "refill_per_second: 1");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();

        var (firstStatus, _, first) = await ClickAsync(api.Http, user, "one");
        clock.Set(clock.GetUtcNow().AddMilliseconds(100));
        var (secondStatus, second, response) = await ClickAsync(api.Http, user, "two");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (firstStatus, secondStatus));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(clock.GetUtcNow().AddMilliseconds(900), second.GetProperty("retryAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        first.Dispose();
        response.Dispose();
    }

    [Fact]
    public async Task A_clicker_with_a_machine_rhythm_is_banned_and_audited_while_one_whose_rhythm_wanders_is_not()
    {
        var (bot, human) = (NewUser(), NewUser());
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var random = new Random(9);

        var humanAnswers = await ClickAtAsync(api.Http, human, Enumerable.Range(0, 40).Select(_ => 180 + random.NextDouble() * 320));
        var botAnswers = await ClickAtAsync(api.Http, bot, Enumerable.Repeat(250.0, 24));
        var banStarted = clock.GetUtcNow().AddMilliseconds(-250 * 7);

        Assert.All(humanAnswers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(botAnswers.Take(16), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(botAnswers.Skip(16), a => Assert.Equal(HttpStatusCode.Forbidden, a.Status));
        Assert.Equal(banStarted.AddMinutes(30), botAnswers[16].Body.GetProperty("bannedUntil").GetDateTimeOffset());

        var botView = await client.Client.GetGrain<IClickerGrain>(bot).GetAsync();
        var humanView = await client.Client.GetGrain<IClickerGrain>(human).GetAsync();
        Assert.Equal((1, "too_regular", 16L), (botView.Bans, botView.BanReason, botView.Counts.Today));
        Assert.Equal((0, 40L), (humanView.Bans, humanView.Counts.Today));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'clicker.banned' AND subject = '{bot}' AND detail->>'reason' = 'too_regular'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM audit_log WHERE subject = '{human}'"));

        // The ban ends when it says.
        clock.Set(banStarted.AddMinutes(30).AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await ClickAsync(api.Http, bot, "after-the-ban")).Status);
    }

    [Fact]
    public async Task Accepted_clicks_reach_the_reward_account_exactly_once_however_often_they_are_accrued()
    {
        var user = NewUser();
        cluster.Config.SetLine("payout.yaml", "bucket_capacity", "bucket_capacity: 12");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var clicker = client.Client.GetGrain<IClickerGrain>(user);
        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        var random = new Random(2);

        // Twelve from the bucket and the rest refused: only the twelve earn.
        var burst = await ClickAtAsync(api.Http, user, Enumerable.Range(0, 15).Select(_ => 1 + random.NextDouble() * 2));
        await clicker.AccrueAsync();
        await clicker.AccrueAsync();
        var afterFirst = await account.GetBalanceAsync();
        clock.Set(clock.GetUtcNow().AddSeconds(10));
        await ClickAtAsync(api.Http, user, [400, 700, 300], "later");
        await Task.WhenAll(clicker.AccrueAsync(), clicker.AccrueAsync(), account.AccrueRecordedClicksAsync(long.MaxValue));
        var afterSecond = await account.GetBalanceAsync();

        Assert.Equal(12, burst.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(BanAmount.FromRaw(12 * PerClick.Raw), afterFirst.Pending);
        Assert.Equal(BanAmount.FromRaw(15 * PerClick.Raw), afterSecond.Pending);
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM reward_journal WHERE user_id = '{user}' AND kind = 'clicks'"));
        Assert.Equal((await clicker.GetAsync()).LastSeq, (await clicker.GetAsync()).AccruedThrough);
    }

    [Fact]
    public async Task A_click_is_answered_while_the_accrual_started_before_it_waits_on_the_database()
    {
        var user = NewUser();
        cluster.Config.SetLine("payout.yaml", "accrue_every_seconds", "accrue_every_seconds: 1");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var (first, _, firstResponse) = await ClickAsync(api.Http, user, "before");
        firstResponse.Dispose();

        // The journal held by another transaction: the accrual the click scheduled waits on it.
        await using var holder = new Npgsql.NpgsqlConnection(cluster.Database);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockJournal = new Npgsql.NpgsqlCommand("LOCK TABLE reward_journal IN EXCLUSIVE MODE", holder, hold))
        {
            await lockJournal.ExecuteNonQueryAsync();
        }
        await Eventually.HoldsAsync(async () => await CountAsync(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
            Patience, "the accrual waits for the journal");
        clock.Set(clock.GetUtcNow().AddMilliseconds(400));
        var (during, _, duringResponse) = await ClickAsync(api.Http, user, "during").WaitAsync(TimeSpan.FromSeconds(15));
        duringResponse.Dispose();
        await hold.RollbackAsync();

        var account = client.Client.GetGrain<IRewardAccountGrain>(user);
        await client.Client.GetGrain<IClickerGrain>(user).AccrueAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first, during));
        // Both clicks, each once, whichever accrual took them.
        Assert.Equal(BanAmount.FromRaw(2 * PerClick.Raw), (await account.GetBalanceAsync()).Pending);
    }

    [Fact]
    public async Task Clicks_recorded_by_a_silo_that_dies_before_accruing_them_are_accrued_once_by_the_next_silo()
    {
        var user = NewUser();
        // Nothing accrues on its own for a minute: only the reminder can bring these clicks in.
        cluster.Config.SetLine("payout.yaml", "accrue_every_seconds", "accrue_every_seconds: 60");
        using (var doomed = cluster.StartSiloProgram())
        {
            await using var client = await cluster.StartClientAsync();
            var clicker = client.Client.GetGrain<IClickerGrain>(user);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(ClickOutcome.Accepted, (await clicker.ClickAsync(new ClickRequest($"c{i}", null, null))).Outcome);
            }
            Assert.Equal(0, await CountAsync($"SELECT count(*) FROM reward_journal WHERE user_id = '{user}'"));
            doomed.Kill();
        }

        await using var survivor = await cluster.StartSiloAsync();
        await using var again = await cluster.StartClientAsync();
        var account = again.Client.GetGrain<IRewardAccountGrain>(user);
        await Eventually.HoldsAsync(async () => (await account.GetBalanceAsync()).Pending > BanAmount.Zero, Patience, "the reminder brings the clicks in");
        await again.Client.GetGrain<IClickerGrain>(user).AccrueAsync();

        Assert.Equal(BanAmount.FromRaw(10 * PerClick.Raw), (await account.GetBalanceAsync()).Pending);
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM reward_journal WHERE user_id = '{user}' AND kind = 'clicks'"));
    }

    [Fact]
    public async Task A_click_without_a_usable_nonce_or_body_is_a_clear_4xx_and_records_nothing()
    {
        var user = NewUser();
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();

        async Task<(HttpStatusCode, string?)> PostAsync(HttpContent content, bool signedIn = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/click")
            {
                Headers = { Authorization = signedIn ? new AuthenticationHeaderValue("Bearer", PlayerTokens.For(user)) : null },
                Content = content,
            };
            using var response = await api.Http.SendAsync(request);
            var type = response.Content.Headers.ContentType?.MediaType;
            return (response.StatusCode, type == "application/problem+json" ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString() : null);
        }
        StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        Assert.Equal((HttpStatusCode.BadRequest, "Invalid clientNonce"), await PostAsync(Json("{}")));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid clientNonce"), await PostAsync(Json("""{"clientNonce":""}""")));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid clientNonce"), await PostAsync(Json($$"""{"clientNonce":"{{new string('n', 65)}}"}""")));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid clientNonce"), await PostAsync(Json("""{"clientNonce":"two words"}""")));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid JSON"), await PostAsync(Json("""{"clientNonce": """)));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid JSON"), await PostAsync(Json("""{"clientNonce": 7}""")));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "JSON expected"), await PostAsync(new StringContent("clientNonce=x", Encoding.UTF8, "text/plain")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Json("""{"clientNonce":"fine"}"""), signedIn: false)).Item1);
        var huge = $$"""{"clientNonce":"fine","padding":"{{new string('x', 20_000)}}"}""";
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Body too large"), await PostAsync(Json(huge)));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Body too large"), await PostAsync(new ChunkedJson(huge)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM click_events"));
    }

    [Fact]
    public async Task One_client_address_past_its_requests_a_minute_gets_a_typed_429_problem_and_health_checks_still_answer()
    {
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 3");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await api.Http.GetAsync("/api/v1/leaderboard?board=clicks");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.TryGetProperty("type", out var type) ? type.GetString() : null);
            }
        }
        using var health = await api.Http.GetAsync("/health");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_player_past_their_requests_a_minute_gets_a_429_while_other_players_and_their_clicks_go_on()
    {
        cluster.Config.SetLine("integrations.yaml", "per_user_per_minute", "per_user_per_minute: 3");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();
        var (busy, other) = (NewUser(), NewUser());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/click", PlayerTokens.For(busy))).Item1);
        }
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", PlayerTokens.For(busy)) } };
        using var refusal = await api.Http.SendAsync(refused);
        var problem = await refusal.Content.ReadFromJsonAsync<JsonElement>();
        var clicks = await ClickAtAsync(api.Http, busy, [300, 300, 300, 300]);
        var otherPlayer = (await ApiCalls.CallAsync(api.Http, HttpMethod.Get, "/api/v1/click", PlayerTokens.For(other))).Item1;
        var anonymous = await api.Http.GetAsync("/api/v1/leaderboard?board=clicks");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.StatusCode);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
        Assert.True(refusal.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("A player may make 3 requests a minute", problem.GetProperty("detail").GetString());
        Assert.All(clicks, click => Assert.Equal(HttpStatusCode.OK, click.Status));
        Assert.Equal(HttpStatusCode.OK, otherPlayer);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_address_has_its_own_budget()
    {
        cluster.Config.SetLine("integrations.yaml", "per_ip_per_minute", "per_ip_per_minute: 2");
        cluster.Config.SetLine("integrations.yaml", "trust_forwarded_for", "trust_forwarded_for: true");
        await using var silo = await cluster.StartSiloAsync(clock: clock);
        await using var api = await cluster.StartApiAsync();

        async Task<HttpStatusCode> FromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leaderboard?board=clicks") { Headers = { { "X-Forwarded-For", client } } };
            using var response = await api.Http.SendAsync(request);
            return response.StatusCode;
        }

        var first = new[] { await FromAsync("198.51.100.1"), await FromAsync("198.51.100.1"), await FromAsync("198.51.100.1") };
        var second = await FromAsync("198.51.100.2");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, second);
    }

    /// <summary>A JSON body sent without a length (chunked), as a streaming client sends it.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly string json;

        public ChunkedJson(string json)
        {
            this.json = json;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(json)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
