using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Faucet.Identities;
using Faucet.Tests.Cluster;
using Faucet.Tests.Fakes;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Api;

/// <summary>Sign-in with Discord on a running silo and Api, against a wire-level fake of Discord.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DiscordSignInTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Guild = "900000000000000042";

    private LiveNodeCluster cluster = null!;
    private FakeDiscord discord = null!;
    private FakeYunite yunite = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveNodeCluster.CreateAsync(postgres.Server);
        discord = await FakeDiscord.StartAsync();
        yunite = await FakeYunite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await yunite.DisposeAsync();
        await discord.DisposeAsync();
        await cluster.DisposeAsync();
    }

    /// <summary>The silo asks Discord (the Discord sign-in grain exchanges the code) and Yunite (the Player grain
    /// refreshes a player's Epic link).</summary>
    private Task<SiloProcess> StartSiloAsync() => cluster.StartSiloAsync(extra: [.. DiscordSettings, .. YuniteSettings]);

    private string[] DiscordSettings =>
    [
        "--FAUCET_DISCORD_MODE=live",
        "--FAUCET_DISCORD_API_BASE=" + discord.ApiBase,
        "--FAUCET_DISCORD_AUTHORIZE_URL=https://discord.example/oauth2/authorize",
        "--FAUCET_DISCORD_CLIENT_ID=" + FakeDiscord.ClientId,
        "--FAUCET_DISCORD_CLIENT_SECRET=" + FakeDiscord.ClientSecret,
        "--FAUCET_DISCORD_GUILD_ID=" + Guild,
    ];

    private string[] YuniteSettings =>
    [
        "--FAUCET_YUNITE_MODE=live",
        "--FAUCET_YUNITE_API_BASE=" + yunite.Url,
        "--FAUCET_YUNITE_API_KEY=" + FakeYunite.Token,
        "--FAUCET_YUNITE_GUILD_ID=" + FakeYunite.Guild,
    ];

    /// <summary>The Api still reads Discord's mode: a simulated Discord outside a dry run is refused at its door.</summary>
    private Task<ApiProcess> StartApiAsync() => cluster.StartApiAsync([.. DiscordSettings, .. YuniteSettings]);

    private static async Task<JsonElement> StatusAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/api/v1/me/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("epic");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReverifyAsync(HttpClient browser)
    {
        using var response = await browser.PostAsync("/api/v1/me/reverify", null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>A browser: keeps cookies, does not follow redirects (the test reads them).</summary>
    private static HttpClient Browser(ApiProcess api, CookieContainer? jar = null) =>
        new(new HttpClientHandler { CookieContainer = jar ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = api.Http.BaseAddress };

    /// <summary>Starts a sign-in as the app does, with a solved proof of work for a player who may be new (or, with
    /// <paramref name="proof"/> false, none); gives back the state handed to Discord.</summary>
    private static async Task<string> StartAsync(HttpClient browser, string returnTo = "/play", bool proof = true)
    {
        using var login = await browser.GetAsync("/auth/discord/login?returnTo=" + Uri.EscapeDataString(returnTo)
            + (proof ? "&proof=" + Uri.EscapeDataString(await ProofOfWork.SolveAsync(browser)) : ""));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var to = login.Headers.Location!;
        Assert.Equal("discord.example", to.Host);
        var query = HttpUtility.ParseQueryString(to.Query);
        Assert.Equal((FakeDiscord.ClientId, "identify guilds", "code"), (query["client_id"], query["scope"], query["response_type"]));
        return query["state"]!;
    }

    private static Task<HttpResponseMessage> CallbackAsync(HttpClient browser, string code, string state) =>
        browser.GetAsync($"/auth/discord/callback?code={code}&state={Uri.EscapeDataString(state)}");

    [Fact]
    public async Task A_member_of_the_guild_signs_in_with_Discord_and_lands_where_they_were_going()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        using var browser = Browser(api);
        var ana = new FakeDiscord.Person("80351110224678912", "ana", "Ana", ["1", Guild]);

        var state = await StartAsync(browser);
        using var callback = await CallbackAsync(browser, discord.Approve(ana), state);
        using var me = await browser.GetAsync("/api/v1/auth/me");
        var profile = await me.Content.ReadFromJsonAsync<JsonElement>();
        var again = await StartAsync(browser);
        using var secondCallback = await CallbackAsync(browser, discord.Approve(ana), again);
        using var meAgain = await browser.GetAsync("/api/v1/auth/me");

        Assert.Equal((HttpStatusCode.Redirect, "/play"), (callback.StatusCode, callback.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.OK, "Ana", "discord:80351110224678912"),
            (me.StatusCode, profile.GetProperty("displayName").GetString(), profile.GetProperty("identities")[0].GetString()));
        Assert.Equal(profile.GetProperty("userId").GetString(), (await meAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString());
        Assert.All(discord.RedirectUris, uri => Assert.Equal("http://localhost:8080/auth/discord/callback", uri));
    }

    [Fact]
    public async Task A_replayed_state_a_state_from_another_browser_and_a_return_address_elsewhere_are_refused()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        var jar = new CookieContainer();
        using var browser = Browser(api, jar);
        using var other = Browser(api);
        var ana = new FakeDiscord.Person("80351110224678913", "ana", null, [Guild]);

        var state = await StartAsync(browser);
        var browserCookie = jar.GetAllCookies().Single(c => c.Name == "faucet_oauth");
        using var first = await CallbackAsync(browser, discord.Approve(ana), state);
        // The callback takes the cookie away; put it back, so that only the state's single use can refuse the replay.
        jar.Add(browserCookie);
        using var replay = await CallbackAsync(browser, discord.Approve(ana), state);
        var forced = await StartAsync(browser);
        using var elsewhere = await CallbackAsync(other, discord.Approve(ana), forced);
        using var tampered = await CallbackAsync(browser, discord.Approve(ana), forced[..^1] + (forced[^1] == '0' ? '1' : '0'));
        var statuses = new List<HttpStatusCode>();
        foreach (var returnTo in new[] { "https://evil.example/", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "/caf\u00e9" })
        {
            using var login = await browser.GetAsync("/auth/discord/login?returnTo=" + Uri.EscapeDataString(returnTo));
            statuses.Add(login.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.All(new[] { replay, elsewhere, tampered }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM refresh_tokens"));
    }

    [Fact]
    public async Task A_new_player_without_a_proof_of_work_is_sent_back_to_solve_one_and_a_returning_player_needs_none()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        using var browser = Browser(api);
        var ana = new FakeDiscord.Person("80351110224678915", "ana", "Ana", ["1", Guild]);

        using var withoutProof = await CallbackAsync(browser, discord.Approve(ana), await StartAsync(browser, proof: false));
        var playersBefore = await cluster.ScalarAsync("SELECT count(*) FROM players");
        using var withProof = await CallbackAsync(browser, discord.Approve(ana), await StartAsync(browser));
        using var returning = await CallbackAsync(browser, discord.Approve(ana), await StartAsync(browser, returnTo: "/again", proof: false));
        using var badProof = await browser.GetAsync("/auth/discord/login?proof=bm90IGEgcHJvb2Y%3D");

        Assert.Equal((HttpStatusCode.Redirect, "/?signup=proof-of-work#/signin?returnTo=play"), (withoutProof.StatusCode, withoutProof.Headers.Location?.OriginalString));
        Assert.Equal("0", playersBefore);
        Assert.Equal(("/play", "/again"), (withProof.Headers.Location?.OriginalString, returning.Headers.Location?.OriginalString));
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM players"));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid proof"), (badProof.StatusCode, (await badProof.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Someone_outside_the_guild_is_refused_clearly_and_no_player_is_made()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        using var browser = Browser(api);
        var stranger = new FakeDiscord.Person("80351110224678914", "stranger", null, ["1", "2"]);

        using var callback = await CallbackAsync(browser, discord.Approve(stranger), await StartAsync(browser));
        var problem = await callback.Content.ReadFromJsonAsync<JsonElement>();
        using var badCode = await CallbackAsync(browser, "not-a-code", await StartAsync(browser));

        Assert.Equal((HttpStatusCode.Forbidden, "Not a member of the Discord server"), (callback.StatusCode, problem.GetProperty("title").GetString()));
        Assert.Null(await client.Client.GetGrain<IIdentityGrain>("discord:80351110224678914").GetOwnerAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, badCode.StatusCode);
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM refresh_tokens"));
    }

    [Fact]
    public async Task In_a_dry_run_the_simulated_Discord_signs_the_browser_in_as_the_demo_player_and_elsewhere_it_is_off()
    {
        // Discord as the default configuration has it (simulated), in the silo as in the Api.
        await using var silo = await cluster.StartSiloAsync(extra: YuniteSettings);
        await using (var paying = await cluster.StartApiAsync())
        {
            using var refused = await Browser(paying).GetAsync("/auth/discord/login");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }
        await using var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true");
        using var browser = Browser(api);

        using var login = await browser.GetAsync("/auth/discord/login?proof=" + Uri.EscapeDataString(await ProofOfWork.SolveAsync(browser)));
        using var callback = await browser.GetAsync(login.Headers.Location!.PathAndQuery);
        using var me = await browser.GetAsync("/api/v1/auth/me");

        Assert.Equal("/auth/discord/callback", login.Headers.Location.AbsolutePath);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.OK), (callback.StatusCode, me.StatusCode));
        Assert.Equal("discord:100000000000000001", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("identities")[0].GetString());
    }

    [Fact]
    public async Task Yunite_decides_at_sign_in_who_is_paid_and_a_reverify_after_linking_lets_payouts_flow()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var ana = new FakeDiscord.Person("80351110224678915", "ana", null, [Guild]);
        var bob = new FakeDiscord.Person("80351110224678916", "bob", null, [Guild]);
        yunite.Linked[ana.Id] = ("4d1f0e9b1c2d4e5f8a9b0c1d2e3f4a5b", "AnaPlays");
        yunite.NotLinked[bob.Id] = true;
        using var anaBrowser = Browser(api);
        using var bobBrowser = Browser(api);
        (await CallbackAsync(anaBrowser, discord.Approve(ana), await StartAsync(anaBrowser))).Dispose();
        (await CallbackAsync(bobBrowser, discord.Approve(bob), await StartAsync(bobBrowser))).Dispose();
        var users = new List<string>();
        foreach (var browser in new[] { anaBrowser, bobBrowser })
        {
            using var me = await browser.GetAsync("/api/v1/auth/me");
            var user = (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
            var key = new byte[32];
            Random.Shared.NextBytes(key);
            await client.Client.GetGrain<Faucet.Players.IPlayerGrain>(user).LinkWalletAsync(Faucet.Money.BananoAddress.FromPublicKey(key));
            await client.Client.GetGrain<Faucet.Rewards.IRewardAccountGrain>(user).AccrueKillsAsync(2);
            users.Add(user);
        }

        var anaStatus = await StatusAsync(anaBrowser);
        var bobStatus = await StatusAsync(bobBrowser);
        await Faucet.Tests.Settlement.Rounds.RunAsync(client.Client);
        var paidFirst = await cluster.ScalarAsync("SELECT string_agg(user_id, ',') FROM payouts");
        yunite.Linked[bob.Id] = ("5e2f1a0c2d3e4f5a9b0c1d2e3f4a5b6c", "BobPlays");
        var (reverified, bobAfter) = await ReverifyAsync(bobBrowser);
        await Faucet.Tests.Settlement.Rounds.RunAsync(client.Client);
        var paidLater = await cluster.ScalarAsync("SELECT string_agg(user_id, ',' ORDER BY round_no) FROM payouts");

        Assert.Equal(("linked", "AnaPlays", true), (anaStatus.GetProperty("status").GetString(), anaStatus.GetProperty("epicName").GetString(), anaStatus.GetProperty("eligible").GetBoolean()));
        Assert.Equal(("not_linked", false), (bobStatus.GetProperty("status").GetString(), bobStatus.GetProperty("eligible").GetBoolean()));
        Assert.Contains("link it there", bobStatus.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(users[0], paidFirst);
        Assert.Equal((HttpStatusCode.OK, "linked"), (reverified, bobAfter.GetProperty("status").GetString()));
        Assert.Equal(users[0] + "," + users[1], paidLater);
    }

    [Fact]
    public async Task Yunite_out_of_quota_costs_no_sign_in_and_a_reverify_says_try_later()
    {
        await using var silo = await StartSiloAsync();
        await using var api = await StartApiAsync();
        yunite.FailWith = 429;
        using var browser = Browser(api);
        var cat = new FakeDiscord.Person("80351110224678917", "cat", null, [Guild]);

        using var callback = await CallbackAsync(browser, discord.Approve(cat), await StartAsync(browser));
        var status = await StatusAsync(browser);
        var (reverify, problem) = await ReverifyAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(("unchecked", true), (status.GetProperty("status").GetString(), status.GetProperty("eligible").GetBoolean()));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Yunite unavailable"), (reverify, problem.GetProperty("title").GetString()));
    }
}
