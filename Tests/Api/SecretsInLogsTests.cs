using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Api;

/// <summary>What the Api process writes to its logs, at its most talkative, while players sign in, refresh and sign out
/// and an operator calls the admin API.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SecretsInLogsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task No_password_token_or_key_appears_in_the_logs()
    {
        const string password = "correct horse battery staple 42";
        await using var silo = await cluster.StartSiloAsync();
        var port = FreePort.Next();
        using var api = cluster.StartApiProgram(port, "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:Faucet=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the Api is ready");

        using var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { email = "logs@example.org", password });
        var signedIn = await registered.Content.ReadFromJsonAsync<JsonElement>();
        using var wrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "logs@example.org", password = password + "!" });
        using var refreshed = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = signedIn.GetProperty("refreshToken").GetString() });
        var next = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var reused = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = signedIn.GetProperty("refreshToken").GetString() });
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/settlement") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken) } };
        using var adminResponse = await http.SendAsync(admin);
        using var wrongOperator = new HttpRequestMessage(HttpMethod.Get, "/dashboard/") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", FaucetProcessArgs.OperatorToken + "x") } };
        using var wrongResponse = await http.SendAsync(wrongOperator);
        await Eventually.HoldsAsync(() => Task.FromResult(api.Output.Contains("/api/v1/auth/refresh", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the requests are logged");
        var logs = api.Output;

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (registered.StatusCode, wrong.StatusCode, refreshed.StatusCode, reused.StatusCode, adminResponse.StatusCode));
        foreach (var secret in new[]
                 {
                     password,
                     signedIn.GetProperty("accessToken").GetString()!,
                     signedIn.GetProperty("refreshToken").GetString()!,
                     next.GetProperty("accessToken").GetString()!,
                     next.GetProperty("refreshToken").GetString()!,
                     FaucetProcessArgs.OperatorToken,
                     FaucetProcessArgs.SessionKey,
                     "test-wallet-0123456789",
                 })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
