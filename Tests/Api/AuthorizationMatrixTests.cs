using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using NSec.Cryptography;

namespace Faucet.Tests.Api;

/// <summary>Who may call what: every guarded endpoint as nobody, a player, support, an admin player and the operator
/// token, with admins and support named in configuration by their keys.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthorizationMatrixTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<string> SignInAsync(HttpClient http, Key key)
    {
        var did = SignInTests.DidOf(key);
        using var challengeResponse = await http.PostAsJsonAsync("/api/v1/auth/challenge", new { did });
        var challenge = await challengeResponse.Content.ReadFromJsonAsync<JsonElement>();
        var signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(challenge.GetProperty("message").GetString()!)));
        using var verified = await http.PostAsJsonAsync("/api/v1/auth/verify",
            new { nonce = challenge.GetProperty("nonce").GetString(), signature, proof = await ProofOfWork.IfNeededAsync(http, challenge) });
        return (await verified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    [Fact]
    public async Task Each_guarded_endpoint_answers_each_kind_of_caller_as_its_role_allows()
    {
        using var admin = SignInTests.NewKey();
        using var support = SignInTests.NewKey();
        using var player = SignInTests.NewKey();
        cluster.Config.SetLine("integrations.yaml", "admins", $"admins: [{SignInTests.DidOf(admin)}]");
        cluster.Config.SetLine("integrations.yaml", "support", $"support: [{SignInTests.DidOf(support)}]");
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        // A client of its own without cookies, so that each call carries only the credential it is given.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = api.Http.BaseAddress };
        var adminToken = await SignInAsync(http, admin);
        var callers = new Dictionary<string, (string? Token, bool InCookie)>
        {
            ["nobody"] = (null, false),
            ["player"] = (await SignInAsync(http, player), false),
            ["support"] = (await SignInAsync(http, support), false),
            ["admin"] = (adminToken, false),
            ["operator"] = (FaucetProcessArgs.OperatorToken, false),
            ["admin by cookie"] = (adminToken, true),
        };

        // Expected status for nobody, player, support, admin, operator, and an admin's browser cookie (which acts as a
        // player, never as an admin).
        var nobody = Faucet.Players.UserId.New(TimeProvider.System).Value;
        var matrix = new (HttpMethod Method, string Path, int[] Expected)[]
        {
            (HttpMethod.Get, "/api/v1/admin/users", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Get, $"/api/v1/admin/users/{nobody}", [401, 403, 404, 404, 404, 401]),
            (HttpMethod.Post, $"/api/v1/admin/users/{nobody}/ban", [401, 403, 403, 400, 400, 401]),
            (HttpMethod.Delete, $"/api/v1/admin/users/{nobody}/ban", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Post, $"/api/v1/admin/users/{nobody}/reverify", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Get, "/api/v1/admin/payouts", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Post, "/api/v1/admin/payouts", [401, 403, 403, 400, 400, 401]),
            (HttpMethod.Get, "/api/v1/admin/payouts/manual", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Post, "/api/v1/admin/payouts/manual/1/approve", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Post, "/api/v1/admin/payouts/manual/1/reject", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Get, "/api/v1/admin/stats", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/admin/config", [401, 403, 403, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/admin/analytics/regions", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Put, "/api/v1/me/analytics", [401, 400, 400, 400, 401, 400]),
            (HttpMethod.Get, "/api/v1/tokens", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/purchases", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Post, "/api/v1/purchases", [401, 503, 503, 503, 401, 503]),
            (HttpMethod.Get, "/api/v1/purchases/none", [401, 404, 404, 404, 401, 404]),
            (HttpMethod.Post, "/api/v1/admin/purchases/none/refund", [401, 403, 403, 400, 400, 401]),
            (HttpMethod.Post, "/webhooks/stripe", [404, 404, 404, 404, 404, 404]),
            (HttpMethod.Get, "/api/v1/admin/webhooks", [401, 403, 403, 200, 200, 401]),
            (HttpMethod.Post, "/api/v1/admin/webhooks", [401, 403, 403, 400, 400, 401]),
            (HttpMethod.Post, "/api/v1/admin/webhooks/none/test", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Get, "/api/v1/admin/webhooks/none/deliveries", [401, 403, 403, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/tokens/transactions", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/tokens/packages", [200, 200, 200, 200, 200, 200]),
            (HttpMethod.Post, "/api/v1/admin/tokens/grant", [401, 403, 403, 400, 400, 401]),
            (HttpMethod.Post, "/api/v1/vanity/odds", [400, 400, 400, 400, 400, 400]),
            (HttpMethod.Post, "/api/v1/vanity/pulls", [401, 400, 400, 400, 401, 400]),
            (HttpMethod.Get, "/api/v1/vanity/pulls", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/vanity/pulls/none", [401, 404, 404, 404, 401, 404]),
            (HttpMethod.Post, "/api/v1/vanity/pulls/none/keep", [401, 404, 404, 404, 401, 404]),
            (HttpMethod.Get, "/api/v1/vanity/jobs", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/admin/settlement", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/admin/rounds/1", [401, 403, 404, 404, 404, 401]),
            (HttpMethod.Get, "/api/v1/admin/live", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/admin/audit", [401, 403, 200, 200, 200, 401]),
            (HttpMethod.Post, "/api/v1/admin/payouts/none/retry", [401, 403, 403, 404, 404, 401]),
            (HttpMethod.Get, "/dashboard/", [401, 403, 403, 200, 200, 401]),
            (HttpMethod.Get, "/api/v1/auth/me", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/me/status", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/me/payouts", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Post, "/api/v1/click", [401, 400, 400, 400, 401, 400]),
            (HttpMethod.Get, "/api/v1/click", [401, 200, 200, 200, 401, 200]),
            (HttpMethod.Get, "/api/v1/settlement", [200, 200, 200, 200, 200, 200]),
            (HttpMethod.Post, "/api/v1/me/wallet", [401, 400, 400, 400, 401, 400]),
            (HttpMethod.Get, "/api/v1/leaderboard?board=ban", [200, 200, 200, 200, 200, 200]),
            (HttpMethod.Post, "/api/v1/admin/settlement/run", [401, 403, 403, 202, 202, 401]),
        };
        var failures = new List<string>();
        foreach (var (method, path, expected) in matrix)
        {
            var i = 0;
            foreach (var (caller, (token, inCookie)) in callers)
            {
                using var request = new HttpRequestMessage(method, path)
                {
                    Headers = { Authorization = token is null || inCookie ? null : new AuthenticationHeaderValue("Bearer", token) },
                    Content = method == HttpMethod.Post || method == HttpMethod.Put ? JsonContent.Create(new { }) : null,
                };
                if (inCookie)
                {
                    request.Headers.Add("Cookie", "faucet_access=" + token);
                }
                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode != expected[i++])
                {
                    failures.Add($"{method} {path} as {caller}: {(int)response.StatusCode}, expected {expected[i - 1]}");
                }
            }
        }

        Assert.Empty(failures);
    }
}
