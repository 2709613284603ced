using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using NSec.Cryptography;

namespace Faucet.Tests.Api;

/// <summary>Wallet sign-in, refresh and sign-out on a running silo and Api, with real Ed25519 keys.</summary>
[Collection(LongRunsCollection.Name)]
public sealed class SignInTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    internal static Key NewKey() => Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });

    internal static string DidOf(Key key)
    {
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        byte[] bytes = [0xED, 0x01, .. key.PublicKey.Export(KeyBlobFormat.RawPublicKey)];
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder();
        while (value > 0)
        {
            text.Insert(0, alphabet[(int)(value % 58)]);
            value /= 58;
        }
        return "did:key:z" + text;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, object? body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer) },
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient http, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me")
        {
            Headers = { Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer) },
        };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<JsonElement> ChallengeAsync(HttpClient http, Key key)
    {
        var (status, challenge) = await PostAsync(http, "/api/v1/auth/challenge", new { did = DidOf(key) });
        Assert.Equal(HttpStatusCode.OK, status);
        return challenge;
    }

    private static string Sign(Key key, string message) => Convert.ToBase64String(Ed25519.Sign(key, Encoding.UTF8.GetBytes(message)));

    private static async Task<JsonElement> SignInAsync(HttpClient http, Key key)
    {
        var challenge = await ChallengeAsync(http, key);
        var (status, signedIn) = await PostAsync(http, "/api/v1/auth/verify", new
        {
            nonce = challenge.GetProperty("nonce").GetString(),
            signature = Sign(key, challenge.GetProperty("message").GetString()!),
            proof = await ProofOfWork.IfNeededAsync(http, challenge),
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return signedIn;
    }

    [Fact]
    public async Task A_key_that_signs_its_challenge_is_signed_in_as_a_new_player_and_later_as_the_same_one()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();

        var challenge = await ChallengeAsync(api.Http, key);
        var first = await SignInAsync(api.Http, key);
        var again = await SignInAsync(api.Http, key);
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", first.GetProperty("accessToken").GetString()) } };
        using var response = await api.Http.SendAsync(me);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();

        var message = challenge.GetProperty("message").GetString()!;
        Assert.StartsWith(LiveNodeCluster.SignInDomain + " asks you to sign in with your key:\n" + DidOf(key) + "\n", message, StringComparison.Ordinal);
        Assert.Contains("Nonce: " + challenge.GetProperty("nonce").GetString(), message, StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("userId").GetString(), again.GetProperty("userId").GetString());
        Assert.Equal((first.GetProperty("userId").GetString(), DidOf(key)), (profile.GetProperty("userId").GetString(), profile.GetProperty("identities")[0].GetString()));
        Assert.Equal(["player"], profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(first.GetProperty("refreshToken").GetString(), again.GetProperty("refreshToken").GetString());
    }

    [Fact]
    public async Task A_replayed_signature_another_keys_signature_another_domains_message_and_an_expired_challenge_are_refused()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();
        using var other = NewKey();

        var used = await ChallengeAsync(api.Http, key);
        var usedSignature = Sign(key, used.GetProperty("message").GetString()!);
        await PostAsync(api.Http, "/api/v1/auth/verify", new { nonce = used.GetProperty("nonce").GetString(), signature = usedSignature, proof = await ProofOfWork.SolveAsync(api.Http) });
        var replay = await PostAsync(api.Http, "/api/v1/auth/verify", new { nonce = used.GetProperty("nonce").GetString(), signature = usedSignature });

        var forKey = await ChallengeAsync(api.Http, key);
        var byOther = await PostAsync(api.Http, "/api/v1/auth/verify", new { nonce = forKey.GetProperty("nonce").GetString(), signature = Sign(other, forKey.GetProperty("message").GetString()!) });

        var phished = await ChallengeAsync(api.Http, key);
        var elsewhere = phished.GetProperty("message").GetString()!.Replace(LiveNodeCluster.SignInDomain + " asks", "faucet.example asks", StringComparison.Ordinal);
        var otherDomain = await PostAsync(api.Http, "/api/v1/auth/verify", new { nonce = phished.GetProperty("nonce").GetString(), signature = Sign(key, elsewhere) });

        var stale = await ChallengeAsync(api.Http, key);
        await cluster.ScalarAsync($"UPDATE auth_challenges SET expires_at = now() - interval '1 second' WHERE nonce = '{stale.GetProperty("nonce").GetString()}'");
        var expired = await PostAsync(api.Http, "/api/v1/auth/verify", new { nonce = stale.GetProperty("nonce").GetString(), signature = Sign(key, stale.GetProperty("message").GetString()!) });

        Assert.All(new[] { replay, byOther, otherDomain, expired }, r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.Status);
            Assert.Equal("Not signed in", r.Body.GetProperty("title").GetString());
        });
        Assert.Equal("1", await cluster.ScalarAsync("SELECT count(*) FROM refresh_tokens"));
    }

    [Fact]
    public async Task The_site_a_challenge_names_is_the_configured_one_whatever_host_the_request_claims()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/challenge") { Content = JsonContent.Create(new { did = DidOf(key) }) };
        request.Headers.Host = "faucet.example";
        using var response = await api.Http.SendAsync(request);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();

        Assert.StartsWith(LiveNodeCluster.SignInDomain + " asks", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_sign_in_requests_are_400_problems_that_use_up_no_challenge()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();
        var challenge = await ChallengeAsync(api.Http, key);
        var nonce = challenge.GetProperty("nonce").GetString();

        var cases = new (string Path, object Body, string Title)[]
        {
            ("/api/v1/auth/challenge", new { did = "did:key:z6MkNotAKey" }, "Invalid did"),
            ("/api/v1/auth/challenge", new { did = "email:ana@example.org" }, "Invalid did"),
            ("/api/v1/auth/challenge", new { }, "Invalid did"),
            ("/api/v1/auth/verify", new { nonce = "zz", signature = Sign(key, "x") }, "Invalid nonce"),
            ("/api/v1/auth/verify", new { nonce, signature = "c2hvcnQ=" }, "Invalid signature"),
            ("/api/v1/auth/verify", new { nonce }, "Invalid signature"),
        };
        foreach (var (path, body, title) in cases)
        {
            var (status, problem) = await PostAsync(api.Http, path, body);
            Assert.Equal((HttpStatusCode.BadRequest, title), (status, problem.GetProperty("title").GetString()));
        }

        var (verified, _) = await PostAsync(api.Http, "/api/v1/auth/verify",
            new { nonce, signature = Sign(key, challenge.GetProperty("message").GetString()!), proof = await ProofOfWork.SolveAsync(api.Http) });
        Assert.Equal(HttpStatusCode.OK, verified);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_presenting_it_again_ends_the_whole_sign_in()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();
        var signedIn = await SignInAsync(api.Http, key);
        var first = signedIn.GetProperty("refreshToken").GetString();

        var (rotatedStatus, rotated) = await PostAsync(api.Http, "/api/v1/auth/refresh", new { refreshToken = first });
        var (reusedStatus, reused) = await PostAsync(api.Http, "/api/v1/auth/refresh", new { refreshToken = first });
        var (nextStatus, _) = await PostAsync(api.Http, "/api/v1/auth/refresh", new { refreshToken = rotated.GetProperty("refreshToken").GetString() });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (rotatedStatus, reusedStatus, nextStatus));
        Assert.Contains("already used", reused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(signedIn.GetProperty("userId").GetString(), rotated.GetProperty("userId").GetString());
        // The access tokens of the ended sign-in stop working at once.
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(api.Http, rotated.GetProperty("accessToken").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(api.Http, signedIn.GetProperty("accessToken").GetString()));
        Assert.Equal("1", await cluster.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'session.refresh_reused' AND subject = '{signedIn.GetProperty("userId").GetString()}'"));
    }

    [Fact]
    public async Task Signing_out_ends_the_sign_in_and_its_access_tokens_but_not_another_sign_in()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();
        var leaving = await SignInAsync(api.Http, key);
        var staying = await SignInAsync(api.Http, key);

        var (status, _) = await PostAsync(api.Http, "/api/v1/auth/logout", new { refreshToken = leaving.GetProperty("refreshToken").GetString() });

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(api.Http, leaving.GetProperty("accessToken").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(api.Http, "/api/v1/auth/refresh", new { refreshToken = leaving.GetProperty("refreshToken").GetString() })).Status);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(api.Http, staying.GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task A_refused_access_token_says_whether_it_expired_was_signed_out_or_is_malformed()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        using var key = NewKey();
        var leaving = await SignInAsync(api.Http, key);
        await PostAsync(api.Http, "/api/v1/auth/logout", new { refreshToken = leaving.GetProperty("refreshToken").GetString() });
        var expired = PlayerTokens.Issuer(clock: new SettableClock(DateTimeOffset.UtcNow.AddHours(-3))).Issue(Faucet.Players.UserId.New(TimeProvider.System), ["player"]);

        async Task<(HttpStatusCode Status, string? MediaType, string? Detail)> RefusedAsync(string bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) } };
            using var response = await api.Http.SendAsync(request);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
        }

        var answers = new[]
        {
            await RefusedAsync(expired),
            await RefusedAsync(leaving.GetProperty("accessToken").GetString()!),
            await RefusedAsync("not-a-token"),
        };

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (a.Status, a.MediaType)));
        Assert.Contains("expired", answers[0].Detail, StringComparison.Ordinal);
        Assert.Contains("signed out or revoked", answers[1].Detail, StringComparison.Ordinal);
        Assert.Contains("malformed", answers[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_is_signed_in_refreshed_and_signed_out_by_http_only_cookies_alone()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = api.Http.BaseAddress };
        using var key = NewKey();

        await SignInAsync(browser, key);
        var cookies = jar.GetAllCookies().ToDictionary(c => c.Name);
        var signedIn = await MeAsync(browser, bearer: null);
        var (refreshed, refreshedBody) = await PostAsync(browser, "/api/v1/auth/refresh", body: null);
        var (signedOut, _) = await PostAsync(browser, "/api/v1/auth/logout", body: null);
        var afterwards = await MeAsync(browser, bearer: null);

        Assert.True(cookies["faucet_access"].HttpOnly && cookies["faucet_refresh"].HttpOnly);
        Assert.Equal(("/", "/api/v1/auth"), (cookies["faucet_access"].Path, cookies["faucet_refresh"].Path));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.Unauthorized), (signedIn, refreshed, signedOut, afterwards));
        Assert.Empty(jar.GetAllCookies());
        // Refreshed by its cookie, the refresh token stays in the cookie, out of the page's reach.
        Assert.Equal(JsonValueKind.Null, refreshedBody.GetProperty("refreshToken").ValueKind);
    }

    [Fact]
    public async Task A_sign_in_a_browser_makes_keeps_the_refresh_token_in_its_cookie_and_out_of_the_body()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = api.Http.BaseAddress };
        browser.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        using var key = NewKey();

        var signedIn = await SignInAsync(browser, key);
        var (refreshed, refreshedBody) = await PostAsync(browser, "/api/v1/auth/refresh", body: null);
        var fromApiClient = await SignInAsync(api.Http, key);

        Assert.Equal(JsonValueKind.Null, signedIn.GetProperty("refreshToken").ValueKind);
        Assert.False(string.IsNullOrEmpty(signedIn.GetProperty("accessToken").GetString()));
        Assert.Contains(jar.GetAllCookies(), c => c.Name == "faucet_refresh");
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.Equal(JsonValueKind.Null, refreshedBody.GetProperty("refreshToken").ValueKind);
        Assert.False(string.IsNullOrEmpty(fromApiClient.GetProperty("refreshToken").GetString()));
    }
}
