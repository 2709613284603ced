using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Clicker;
using Faucet.Tests.Api;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Live;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Faucet.Vanity;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Vanity;

/// <summary>Guaranteed jobs through the Api on a two-silo cluster: escrow, search on every silo's agent, a silo stopped
/// mid-job, cancellation with its refund rule, and the announcement of a found key.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class VanityJobTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string[] TooHard = ["Bananas4Ever"];
    private static readonly string[] Banana = ["Banana"];
    private static readonly string[] FoundEvent = ["vanity.job.found"];
    private static readonly string[] Easy = ["ab"];
    private static readonly string[] FrameFields = ["did", "foundAt", "jobId", "request", "status", "userId"];

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        cluster.Config.SetLine("product.yaml", "job_slice_seconds", "job_slice_seconds: 1");
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<string> GrantAsync(HttpClient http, string user, long tokens)
    {
        var (status, _) = await CallAsync(http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken, new { userId = user, tokens, reason = "test" }, "grant-" + user);
        Assert.Equal(HttpStatusCode.OK, status);
        return user;
    }

    private static async Task<JsonElement> JobWhenAsync(HttpClient http, string jobId, string token, Func<JsonElement, bool> condition, string what)
    {
        var job = default(JsonElement);
        await Eventually.HoldsAsync(async () =>
        {
            (_, job) = await CallAsync(http, HttpMethod.Get, $"/api/v1/vanity/jobs/{jobId}", token);
            return condition(job);
        }, Patience, what);
        return job;
    }

    [Fact]
    public async Task A_job_escrows_its_price_searches_on_both_silos_and_finishes_after_one_of_them_stops()
    {
        var first = await cluster.StartSiloAsync();
        await using var second = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 100);
        var token = PlayerTokens.For(user);
        // About a million attempts on average: many one-second slices.
        var pattern = new { parts = new[] { "Fau", "cet" }, caseInsensitive = true };

        var (_, quote) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs/quote", token, pattern);
        var (startStatus, job) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, pattern, "job-1");
        var (repeatStatus, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, pattern, "job-1");
        var jobId = job.GetProperty("jobId").GetString()!;
        var running = await JobWhenAsync(api.Http, jobId, token, j => j.GetProperty("attempts").GetInt64() > 0, "the first slice is reported");
        await first.DisposeAsync();
        var found = await JobWhenAsync(api.Http, jobId, token, j => j.GetProperty("status").GetString() == "found", "the job finds its key");
        var (_, result) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs/{jobId}/result", token);
        var (_, balance) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);
        var (strangerStatus, _) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs/{jobId}/result", PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0)));

        var price = quote.GetProperty("price").GetInt64();
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, price), (startStatus, repeatStatus, job.GetProperty("price").GetInt64()));
        Assert.True(found.GetProperty("attempts").GetInt64() >= running.GetProperty("attempts").GetInt64());
        var did = result.GetProperty("did").GetString()!;
        Assert.Equal(found.GetProperty("did").GetString(), did);
        Assert.True(VanityPattern.TryCompile(["Fau", "cet"], true, false, out var compiled, out _));
        Assert.True(compiled!.Describe(did["did:key:z6Mk".Length..].Select(c => (byte)Base58.DigitOf(c)).ToArray()).IsFull, did);
        Assert.Equal(did, KeyExports.FromSeed(Convert.FromHexString(result.GetProperty("seedHex").GetString()!)).Did);
        Assert.Equal(100 - price, balance.GetProperty("tokens").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, strangerStatus);
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'job'"));
    }

    [Fact]
    public async Task A_cancelled_job_refunds_the_share_of_its_price_its_attempts_did_not_use_and_stops()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 5000);
        var token = PlayerTokens.For(user);
        // About a billion attempts: it will not finish here.
        var pattern = new { parts = new[] { "Banana" } };

        var (_, job) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, pattern, "banana-job");
        var jobId = job.GetProperty("jobId").GetString()!;
        await JobWhenAsync(api.Http, jobId, token, j => j.GetProperty("attempts").GetInt64() > 0, "the first slice is reported");
        var (cancelStatus, cancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{jobId}", token);
        var (againStatus, again) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{jobId}", token);
        var (resultStatus, _) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs/{jobId}/result", token);
        var (_, balance) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);

        var price = cancelled.GetProperty("price").GetInt64();
        var attempts = cancelled.GetProperty("attempts").GetInt64();
        var expected = cancelled.GetProperty("expectedAttempts").GetDouble();
        var refund = (long)Math.Floor(price * (1 - Math.Min(1.0, attempts / expected)));
        Assert.Equal((HttpStatusCode.OK, "cancelled", refund), (cancelStatus, cancelled.GetProperty("status").GetString(), cancelled.GetProperty("refunded").GetInt64()));
        Assert.True(refund > 0 && refund < price, $"refund {refund} of {price}");
        Assert.Equal((HttpStatusCode.OK, refund), (againStatus, again.GetProperty("refunded").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, resultStatus);
        Assert.Equal(5000 - price + refund, balance.GetProperty("tokens").GetInt64());
        Assert.Equal(refund.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await cluster.ScalarAsync($"SELECT sum(amount) FROM token_ledger WHERE user_id = '{user}' AND kind = 'refund'"));
        Assert.Empty(await client.Client.GetGrain<IVanityJobBoardGrain>("default").RunningAsync());
    }

    [Fact]
    public async Task A_players_jobs_are_listed_newest_first_a_page_at_a_time_and_only_to_them()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 20_000);
        var token = PlayerTokens.For(user);
        var stranger = PlayerTokens.For(await Rounds.PlayerAsync(client.Client, kills: 0));
        var started = new List<string>();
        foreach (var key in new[] { "list-1", "list-2", "list-3" })
        {
            var (_, job) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, key);
            started.Add(job.GetProperty("jobId").GetString()!);
        }
        var (_, cancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{started[1]}", token);

        var (_, all) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs", token);
        var (_, first) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs?limit=2", token);
        var (_, second) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs?limit=2&cursor={first.GetProperty("nextCursor").GetString()}", token);
        var (_, theirs) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs", stranger);
        var (badCursor, _) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs?cursor=abc", token);
        var (badLimit, _) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs?limit=0", token);
        foreach (var id in started)
        {
            await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{id}", token);
        }

        static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()!)];
        var newestFirst = started.AsEnumerable().Reverse().ToArray();
        Assert.Equal(newestFirst, Ids(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
        Assert.Equal(newestFirst, Ids(first).Concat(Ids(second)));
        Assert.Equal((2, JsonValueKind.Null), (Ids(first).Length, second.GetProperty("nextCursor").ValueKind));
        var listed = all.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("jobId").GetString() == started[1]);
        Assert.Equal(("cancelled", cancelled.GetProperty("refunded").GetInt64()), (listed.GetProperty("status").GetString(), listed.GetProperty("refunded").GetInt64()));
        Assert.Empty(Ids(theirs));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badCursor, badLimit));
    }

    /// <summary>Makes the database refuse the writes a trigger's condition picks (as a failing disk or a lost connection
    /// would), until the returned handle is disposed.</summary>
    private async Task<IAsyncDisposable> RefuseAsync(string table, string when)
    {
        await cluster.ScalarAsync($"""
            CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'write refused by the test'; END $$;
            CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION refuse_write();
            """);
        return new Refusal(() => cluster.ScalarAsync($"DROP TRIGGER refuse_write ON {table}"));
    }

    private sealed class Refusal(Func<Task> lift) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await lift();
    }

    [Fact]
    public async Task A_start_whose_job_could_not_be_stored_holds_no_tokens_and_the_same_request_later_starts_it_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 5000);
        var token = PlayerTokens.For(user);

        HttpStatusCode refused;
        string? heldWhileRefused;
        await using (await RefuseAsync("orleans_storage", "NEW.grain_type = 'vanityjob'"))
        {
            (refused, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "stored-later");
            heldWhileRefused = await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'job'");
        }
        var (started, job) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "stored-later");
        var jobId = job.GetProperty("jobId").GetString()!;
        var (_, cancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{jobId}", token);
        var (_, balance) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);

        Assert.False((int)refused is >= 200 and < 300, $"the start answered {refused} while its job could not be stored");
        Assert.Equal("0", heldWhileRefused);
        Assert.Equal((HttpStatusCode.Created, "running"), (started, job.GetProperty("status").GetString()));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'job'"));
        Assert.Equal(5000 - job.GetProperty("price").GetInt64() + cancelled.GetProperty("refunded").GetInt64(), balance.GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task A_start_cut_short_before_its_price_was_held_is_finished_by_the_job_itself_and_holds_the_price_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 5000);
        var token = PlayerTokens.For(user);
        var jobId = Faucet.Api.Json.IdempotencyKeys.IdFor(user, "cut-short");
        var grain = client.Client.GetGrain<IVanityJobGrain>(jobId);

        HttpStatusCode refused;
        JsonElement refusedJob;
        VanityJobView? whileRefused;
        await using (await RefuseAsync("token_ledger", "NEW.kind = 'job'"))
        {
            (refused, refusedJob) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "cut-short");
            whileRefused = await grain.GetAsync(user);
        }
        // Nobody asks again: the job's own reminder holds the price and runs it.
        VanityJobView? job = null;
        await Eventually.HoldsAsync(async () => (job = await grain.GetAsync(user))?.Status == VanityJobStatus.Running, Patience, "the job holds its price and runs");
        var (again, repeat) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "cut-short");
        var (_, listed) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs", token);
        var (_, cancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{jobId}", token);
        var (_, balance) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);

        // Told it is under way, not that it failed: asking again under a new key would start a second job.
        Assert.Equal((HttpStatusCode.Accepted, "starting"), (refused, refusedJob.GetProperty("status").GetString()));
        Assert.Equal(VanityJobStatus.Starting, whileRefused?.Status);
        Assert.Equal((HttpStatusCode.OK, jobId), (again, repeat.GetProperty("jobId").GetString()));
        Assert.Equal([jobId], listed.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND kind = 'job'"));
        Assert.Equal(5000 - job!.Price + cancelled.GetProperty("refunded").GetInt64(), balance.GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task A_cancel_settles_a_start_cut_short_forgetting_it_when_its_tokens_went_elsewhere_and_refunding_by_the_rule_otherwise()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);
        var (_, quote) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs/quote", token, new { parts = Banana });
        var price = quote.GetProperty("price").GetInt64();
        await GrantAsync(api.Http, user, price);
        var starved = Faucet.Api.Json.IdempotencyKeys.IdFor(user, "starved");
        var paid = Faucet.Api.Json.IdempotencyKeys.IdFor(user, "paid-later");

        // The first start is stored but cannot hold its price; a second job then takes every token.
        HttpStatusCode starvedStart, otherStart;
        JsonElement other;
        await using (await RefuseAsync("token_ledger", $"NEW.idempotency_key = 'job:{starved}'"))
        {
            (starvedStart, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "starved");
            (otherStart, other) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "other");
        }
        var (starvedCancel, _) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{starved}", token);
        var (starvedAfter, _) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs/{starved}", token);
        var (_, otherCancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{other.GetProperty("jobId").GetString()}", token);

        // With the tokens there, a cancel of a start cut short holds the price once and refunds it by the rule.
        await GrantAsync(api.Http, user, price);
        var (_, before) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);
        HttpStatusCode paidStart;
        await using (await RefuseAsync("token_ledger", $"NEW.idempotency_key = 'job:{paid}'"))
        {
            (paidStart, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "paid-later");
        }
        var (paidCancel, paidCancelled) = await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{paid}", token);
        var (_, after) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);
        var (_, listed) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/vanity/jobs", token);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Created), (starvedStart, otherStart));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (starvedCancel, starvedAfter));
        Assert.Equal("0", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND idempotency_key = 'job:{starved}'"));
        Assert.Null(await client.Client.GetGrain<IVanityJobGrain>(starved).GetAsync(user));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, "cancelled"), (paidStart, paidCancel, paidCancelled.GetProperty("status").GetString()));
        var attempts = paidCancelled.GetProperty("attempts").GetInt64();
        var refund = (long)Math.Floor(price * (1 - Math.Min(1.0, attempts / paidCancelled.GetProperty("expectedAttempts").GetDouble())));
        Assert.Equal(refund, paidCancelled.GetProperty("refunded").GetInt64());
        Assert.Equal(before.GetProperty("tokens").GetInt64() - price + refund, after.GetProperty("tokens").GetInt64());
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM token_ledger WHERE user_id = '{user}' AND idempotency_key = 'job:{paid}'"));
        Assert.Equal([paid, other.GetProperty("jobId").GetString()], listed.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()));
        Assert.Equal("cancelled", otherCancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_started_on_its_grain_directly_holds_the_quoted_price_and_refuses_a_pattern_too_hard_there_too()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 5000);
        var token = PlayerTokens.For(user);
        var (_, quote) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs/quote", token, new { parts = Banana });

        // Any cluster client can reach the grain without the Api in between: the price is still the policy's.
        var jobId = Faucet.Api.Json.IdempotencyKeys.IdFor(user, "direct");
        var start = await client.Client.GetGrain<IVanityJobGrain>(jobId).StartAsync(user, new VanityRequest(Banana, false, false));
        var hard = await client.Client.GetGrain<IVanityJobGrain>(Faucet.Api.Json.IdempotencyKeys.IdFor(user, "direct-hard"))
            .StartAsync(user, new VanityRequest(TooHard, false, false));
        var held = await cluster.ScalarAsync($"SELECT -sum(amount) FROM token_ledger WHERE user_id = '{user}' AND kind = 'job'");
        await client.Client.GetGrain<IVanityJobGrain>(jobId).CancelAsync(user);

        var price = quote.GetProperty("price").GetInt64();
        Assert.True(price > 1, $"Banana is quoted {price}");
        Assert.Equal((VanityJobStartStatus.Started, price, price), (start.Status, start.Price, start.Job!.Price));
        Assert.Equal(quote.GetProperty("odds").GetProperty("expectedAttempts").GetDouble(), start.Job.ExpectedAttempts, 6);
        Assert.Equal(price.ToString(System.Globalization.CultureInfo.InvariantCulture), held);
        Assert.Equal((VanityJobStartStatus.Refused, VanityQuoteStatus.TooHard, null), (hard.Status, hard.Refusal?.Status, hard.Job));
    }

    [Fact]
    public async Task A_pattern_too_hard_to_guarantee_or_a_short_balance_starts_nothing()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 0);
        var token = PlayerTokens.For(user);

        var (hard, hardProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = TooHard });
        var (poor, poorProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "poor-job");
        var ledgerAfter = await cluster.ScalarAsync("SELECT count(*) FROM token_ledger");
        var running = await client.Client.GetGrain<IVanityJobBoardGrain>("default").RunningAsync();
        var kept = await client.Client.GetGrain<IVanityJobGrain>(Faucet.Api.Json.IdempotencyKeys.IdFor(user, "poor-job")).GetAsync(user);
        // The refused start left nothing behind: with tokens, the same request starts the job.
        await GrantAsync(api.Http, user, 5000);
        var (later, job) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Banana }, "poor-job");
        await CallAsync(api.Http, HttpMethod.Delete, $"/api/v1/vanity/jobs/{job.GetProperty("jobId").GetString()}", token);

        Assert.Equal((HttpStatusCode.BadRequest, "Too hard to guarantee"), (hard, hardProblem.GetProperty("title").GetString()));
        Assert.Equal((HttpStatusCode.PaymentRequired, "Not enough tokens"), (poor, poorProblem.GetProperty("title").GetString()));
        Assert.Equal("0", ledgerAfter);
        Assert.Empty(running);
        Assert.Null(kept);
        Assert.Equal((HttpStatusCode.Created, "running"), (later, job.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_found_job_tells_its_owners_account_channel_and_the_webhook_endpoints_once_without_the_private_key()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var (hookStatus, hook) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/webhooks", FaucetProcessArgs.OperatorToken, new { url = receiver.Url, events = FoundEvent });
        receiver.Secret = hook.GetProperty("secret").GetString()!;
        var user = await GrantAsync(api.Http, await Rounds.PlayerAsync(client.Client, kills: 0), 100);
        var token = PlayerTokens.For(user);
        var clicker = client.Client.GetGrain<IClickerGrain>(user);
        await using var socket = await FeedSocket.ConnectAsync(api.Http);
        await socket.SendAsync("subscribe", $"account:{user}", token);
        await socket.NextAsync("subscribed");
        // A click's counts coming through show the Api's subscription to the account stream is in place.
        await clicker.ClickAsync(new ClickRequest("before", null, null));
        await clicker.AccrueAsync();
        await socket.NextAsync("click");

        // Two letters, either case: found within the first slice.
        var (_, started) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, new { parts = Easy, caseInsensitive = true }, "easy-job");
        var jobId = started.GetProperty("jobId").GetString()!;
        var announced = await socket.NextAsync("vanity");
        await Eventually.HoldsAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), Patience, "the endpoint is told");
        // Events on one account stream arrive in the order they were published: whatever the job announced again
        // after its first frame would come before this click's counts.
        await clicker.ClickAsync(new ClickRequest("after", null, null));
        await clicker.AccrueAsync();
        var later = new List<JsonElement>();
        for (var frame = await socket.NextAsync(); frame.GetProperty("type").GetString() != "click"; frame = await socket.NextAsync())
        {
            later.Add(frame);
        }
        var found = await JobWhenAsync(api.Http, jobId, token, j => j.GetProperty("status").GetString() == "found", "the job is found");
        var (_, key) = await CallAsync(api.Http, HttpMethod.Get, $"/api/v1/vanity/jobs/{jobId}/result", token);

        Assert.Equal(HttpStatusCode.Created, hookStatus);
        var payload = announced.GetProperty("payload");
        Assert.Equal(($"account:{user}", jobId, user, "found"), (announced.GetProperty("channel").GetString(), payload.GetProperty("jobId").GetString(),
            payload.GetProperty("userId").GetString(), payload.GetProperty("status").GetString()));
        Assert.Equal(["ab"], payload.GetProperty("request").GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(found.GetProperty("did").GetString(), payload.GetProperty("did").GetString());
        Assert.Equal(FrameFields, payload.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(key.GetProperty("seedHex").GetString()!, announced.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(later, f => f.GetProperty("type").GetString() == "vanity");
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.SignatureValid, request.Body);
        var body = JsonDocument.Parse(request.Body).RootElement;
        var data = body.GetProperty("data");
        Assert.Equal(("vanity.job.found", jobId, user, found.GetProperty("did").GetString()),
            (body.GetProperty("type").GetString(), data.GetProperty("jobId").GetString(), data.GetProperty("userId").GetString(), data.GetProperty("did").GetString()));
        Assert.Equal(["ab"], data.GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain(key.GetProperty("seedHex").GetString()!, request.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM webhook_deliveries WHERE event_type = 'vanity.job.found'"));
    }
}
