using System.Net;
using System.Text;
using System.Text.Json;
using Faucet.Identities;
using Faucet.Players;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using static Faucet.Tests.Api.ApiCalls;

namespace Faucet.Tests.Legal;

/// <summary>The terms of service, privacy policy and age gate through the Api on a running silo: purchases, paid pulls and
/// jobs are refused with a 403 that says what to accept, and change nothing, until the player accepts the current version;
/// a new version asks again; a minimum age of 0 turns the gate off. The Api runs as a dry run, where the simulated payment
/// provider sells.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TermsGateTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string ShippedVersion = "2026-12-07";
    private static readonly object Pattern = new { parts = new[] { "ab" }, caseInsensitive = true };

    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        cluster.Config.SetLine("product.yaml", "pull_candidate_budget", "pull_candidate_budget: 2000");
        cluster.Config.SetLine("product.yaml", "free_pulls_per_day", "free_pulls_per_day: 1");
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>A player who signed up without accepting anything (as one from before the gate), with tokens an operator gave.</summary>
    private static async Task<string> NewPlayerAsync(IClusterClient client, HttpClient http, long tokens)
    {
        var user = UserId.New(TimeProvider.System).Value;
        await client.GetGrain<IPlayerGrain>(user).CreateAsync("T", IdentityKey.Parse($"email:{user}@example.org"));
        var (granted, _) = await CallAsync(http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
            new { userId = user, tokens, reason = "test" }, "grant-" + user);
        Assert.Equal(HttpStatusCode.OK, granted);
        return user;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> BuyAsync(HttpClient http, string token, string key) =>
        CallAsync(http, HttpMethod.Post, "/api/v1/purchases", token, new { packageId = "starter", method = "card" }, key);

    private static Task<(HttpStatusCode Status, JsonElement Body)> PullAsync(HttpClient http, string token, string key) =>
        CallAsync(http, HttpMethod.Post, "/api/v1/vanity/pulls", token, Pattern, key);

    private static Task<(HttpStatusCode Status, JsonElement Body)> AcceptAsync(HttpClient http, string token, object body) =>
        CallAsync(http, HttpMethod.Post, "/api/v1/me/terms", token, body);

    private static async Task<JsonElement> TermsOfAsync(HttpClient http, string token) =>
        (await CallAsync(http, HttpMethod.Get, "/api/v1/me/status", token)).Body.GetProperty("terms");

    private Task<string?> CountAsync(string table, string user) => cluster.ScalarAsync($"SELECT count(*) FROM {table} WHERE user_id = '{user}'");

    private static void AssertAsksFor(JsonElement problem, string version)
    {
        Assert.Equal("Terms not accepted", problem.GetProperty("title").GetString());
        Assert.Equal((version, 18), (problem.GetProperty("termsVersion").GetString(), problem.GetProperty("minimumAge").GetInt32()));
        Assert.Contains($"version {version}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("at least 18", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purchases_paid_pulls_and_jobs_wait_for_the_current_terms_and_a_new_version_asks_again()
    {
        string user, token;
        await using (var silo = await cluster.StartSiloAsync(dryRun: true))
        await using (var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true"))
        await using (var client = await cluster.StartClientAsync())
        {
            user = await NewPlayerAsync(client.Client, api.Http, tokens: 1000);
            token = PlayerTokens.For(user);
            var before = await TermsOfAsync(api.Http, token);

            var (refusedPurchase, purchaseProblem) = await BuyAsync(api.Http, token, "buy-1");
            var (freePull, _) = await PullAsync(api.Http, token, "pull-1");
            var (refusedPull, pullProblem) = await PullAsync(api.Http, token, "pull-2");
            var (refusedJob, jobProblem) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/jobs", token, Pattern, "job-1");
            var (_, balance) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/tokens", token);

            Assert.Equal((ShippedVersion, 18, true, JsonValueKind.Null), (before.GetProperty("currentVersion").GetString(), before.GetProperty("minimumAge").GetInt32(),
                before.GetProperty("needed").GetBoolean(), before.GetProperty("acceptedVersion").ValueKind));
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
                (refusedPurchase, freePull, refusedPull, refusedJob));
            AssertAsksFor(purchaseProblem, ShippedVersion);
            AssertAsksFor(pullProblem, ShippedVersion);
            AssertAsksFor(jobProblem, ShippedVersion);
            // Nothing changed: no purchase, no job, and the ledger holds the grant and the free pull only.
            Assert.Equal(1000, balance.GetProperty("tokens").GetInt64());
            Assert.Equal(("0", "2"), (await CountAsync("purchases", user), await CountAsync("token_ledger", user)));
            Assert.Equal("1", await CountAsync("vanity_pulls", user));
            Assert.Equal("0", await CountAsync("terms_acceptances", user));

            var (oldVersion, oldProblem) = await AcceptAsync(api.Http, token, new { version = "2020-01-01", ageConfirmed = true });
            var (underage, underageProblem) = await AcceptAsync(api.Http, token, new { version = ShippedVersion, ageConfirmed = false });
            var (accepted, acceptance) = await AcceptAsync(api.Http, token, new { version = ShippedVersion, ageConfirmed = true });
            var (acceptedAgain, _) = await AcceptAsync(api.Http, token, new { version = ShippedVersion, ageConfirmed = true });
            var (bought, _) = await BuyAsync(api.Http, token, "buy-1");
            var (pulled, _) = await PullAsync(api.Http, token, "pull-2");

            Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (oldVersion, underage));
            Assert.StartsWith("version: '2020-01-01' is not the current version", oldProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("ageConfirmed must be true", underageProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (accepted, acceptedAgain));
            Assert.Equal((false, ShippedVersion, true), (acceptance.GetProperty("needed").GetBoolean(), acceptance.GetProperty("acceptedVersion").GetString(),
                acceptance.GetProperty("ageConfirmed").GetBoolean()));
            Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (bought, pulled));
            Assert.False((await TermsOfAsync(api.Http, token)).GetProperty("needed").GetBoolean());
            Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM terms_acceptances WHERE user_id = '{user}' AND version = '{ShippedVersion}' AND age_confirmed AND minimum_age = 18"));
        }

        // The operator publishes new texts under a new version.
        cluster.Config.SetLine("product.yaml", "version", "version: \"2027-01-01\"");
        await using (var silo = await cluster.StartSiloAsync(dryRun: true))
        await using (var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true"))
        {
            var before = await TermsOfAsync(api.Http, token);
            var (refusedPurchase, purchaseProblem) = await BuyAsync(api.Http, token, "buy-2");
            var (refusedPull, _) = await PullAsync(api.Http, token, "pull-3");
            var (accepted, _) = await AcceptAsync(api.Http, token, new { version = "2027-01-01", ageConfirmed = true });
            var (bought, _) = await BuyAsync(api.Http, token, "buy-2");

            Assert.Equal((true, "2027-01-01", ShippedVersion), (before.GetProperty("needed").GetBoolean(), before.GetProperty("currentVersion").GetString(),
                before.GetProperty("acceptedVersion").GetString()));
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (refusedPurchase, refusedPull));
            AssertAsksFor(purchaseProblem, "2027-01-01");
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (accepted, bought));
            Assert.Equal("2", await CountAsync("terms_acceptances", user));
        }
    }

    [Fact]
    public async Task A_minimum_age_of_zero_turns_the_gate_off()
    {
        cluster.Config.SetLine("product.yaml", "minimum_age", "minimum_age: 0");
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await NewPlayerAsync(client.Client, api.Http, tokens: 100);
        var token = PlayerTokens.For(user);

        var terms = await TermsOfAsync(api.Http, token);
        var (bought, _) = await BuyAsync(api.Http, token, "buy-1");
        var (free, _) = await PullAsync(api.Http, token, "pull-1");
        var (paid, _) = await PullAsync(api.Http, token, "pull-2");
        var (_, product) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/config/product", null);

        Assert.Equal((false, 0), (terms.GetProperty("needed").GetBoolean(), terms.GetProperty("minimumAge").GetInt32()));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (bought, free, paid));
        Assert.Equal(0, product.GetProperty("legal").GetProperty("minimumAge").GetInt32());
    }

    [Fact]
    public async Task The_texts_are_served_and_bad_acceptance_bodies_are_400s_naming_the_field()
    {
        await using var silo = await cluster.StartSiloAsync(dryRun: true);
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        await using var client = await cluster.StartClientAsync();
        var user = await NewPlayerAsync(client.Client, api.Http, tokens: 1);
        var token = PlayerTokens.For(user);

        var (_, product) = await CallAsync(api.Http, HttpMethod.Get, "/api/v1/config/product", null);
        using var terms = await api.Http.GetAsync("/api/v1/legal/terms");
        using var privacy = await api.Http.GetAsync("/api/v1/legal/privacy");
        var answers = new List<(HttpStatusCode Status, string Detail)>();
        foreach (var body in new object[]
        {
            new { ageConfirmed = true },
            new { version = "", ageConfirmed = true },
            new { version = 1, ageConfirmed = true },
            new { version = ShippedVersion },
            new { version = ShippedVersion, ageConfirmed = "yes" },
            new { version = new string('9', 41), ageConfirmed = true },
            new { version = ShippedVersion, ageconfirmed = true, age_confirmed = true },
        })
        {
            var (status, problem) = await AcceptAsync(api.Http, token, body);
            answers.Add((status, problem.GetProperty("detail").GetString()!));
        }
        using var notJson = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/terms")
        {
            Content = new StringContent("{\"version\":", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", token) },
        });
        var (anonymous, _) = await CallAsync(api.Http, HttpMethod.Post, "/api/v1/me/terms", null, new { version = ShippedVersion, ageConfirmed = true });

        var legal = product.GetProperty("legal");
        Assert.Equal((ShippedVersion, 18, "/api/v1/legal/terms", "/api/v1/legal/privacy"), (legal.GetProperty("version").GetString(),
            legal.GetProperty("minimumAge").GetInt32(), legal.GetProperty("terms").GetString(), legal.GetProperty("privacy").GetString()));
        Assert.Equal("text/markdown", terms.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Terms of service", await terms.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("# Privacy policy", await privacy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        string[] expected = ["version is required", "version must be 1 to 40 characters", "version must be text", "ageConfirmed is required",
            "ageConfirmed must be true or false", "version must be 1 to 40 characters", "age_confirmed is not a field of this body, which takes version, ageConfirmed"];
        Assert.All(expected.Zip(answers), pair => Assert.StartsWith(pair.First, pair.Second.Detail, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain("System.", a.Detail, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("0", await CountAsync("terms_acceptances", user));
    }
}
