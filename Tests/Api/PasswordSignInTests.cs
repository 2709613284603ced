using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;

namespace Faucet.Tests.Api;

/// <summary>E-mail and password sign-in on a running silo and Api.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PasswordSignInTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter)> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>A registration as a client makes it: with a solved proof of work.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter)> RegisterAsync(HttpClient http, string email, string password) =>
        await PostAsync(http, "/api/v1/auth/register", new { email, password, proof = await ProofOfWork.SolveAsync(http) });

    [Fact]
    public async Task A_registered_player_signs_in_with_the_password_and_a_wrong_one_reads_like_an_unknown_email()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        var registered = await RegisterAsync(api.Http, "Ana@Example.org", "correct horse battery");
        var again = await RegisterAsync(api.Http, "ana@example.org", "another password here");
        var signedIn = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "ANA@example.org", password = "correct horse battery" });
        var wrong = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "ana@example.org", password = "correct horse battery!" });
        var unknown = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "bob@example.org", password = "correct horse battery" });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", signedIn.Body.GetProperty("accessToken").GetString()) } };
        using var meResponse = await api.Http.SendAsync(me);
        var profile = await meResponse.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.OK), (registered.Status, again.Status, signedIn.Status));
        Assert.Equal(registered.Body.GetProperty("userId").GetString(), signedIn.Body.GetProperty("userId").GetString());
        Assert.Equal(("ana", "email:ana@example.org"), (profile.GetProperty("displayName").GetString(), profile.GetProperty("identities")[0].GetString()));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.Status, unknown.Status));
        Assert.Equal((wrong.Body.GetProperty("title").GetString(), wrong.Body.GetProperty("detail").GetString()),
            (unknown.Body.GetProperty("title").GetString(), unknown.Body.GetProperty("detail").GetString()));
        Assert.StartsWith("argon2id$m=19456,t=2,p=1$", await cluster.ScalarAsync("SELECT hash FROM password_credentials WHERE email = 'ana@example.org'"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"email":"ana@example.org","password":"short"}""", "Invalid password")]
    [InlineData("""{"email":"not an email","password":"long enough password"}""", "Invalid email")]
    [InlineData("""{"email":"discord:80351110224678912","password":"long enough password"}""", "Invalid email")]
    [InlineData("""{"password":"long enough password"}""", "Invalid email")]
    [InlineData("""{"email":"ana@example.org","password":"long enough password","displayName":""}""", "Invalid displayName")]
    public async Task A_registration_with_a_bad_field_is_a_400_problem_and_creates_nothing(string body, string title)
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();

        using var response = await api.Http.PostAsync("/api/v1/auth/register", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, title), (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()));
        Assert.Equal("0", await cluster.ScalarAsync("SELECT count(*) FROM password_credentials"));
    }

    [Fact]
    public async Task Only_failed_sign_ins_count_and_the_eleventh_attempt_after_ten_wrong_passwords_is_stopped_even_when_right_and_audited_once()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await RegisterAsync(api.Http, "cat@example.org", "the right password");

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            guesses.Add((await PostAsync(api.Http, "/api/v1/auth/login", new { email = "cat@example.org", password = $"guess number {i}" })).Status);
        }
        // Neither the registration nor a right password is a failed attempt.
        var rightAfterNine = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "cat@example.org", password = "the right password" });
        var tenth = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "cat@example.org", password = "guess number 9" });
        var right = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "cat@example.org", password = "the right password" });
        var again = await PostAsync(api.Http, "/api/v1/auth/login", new { email = "cat@example.org", password = "the right password" });

        Assert.All(guesses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (rightAfterNine.Status, tenth.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.True(right.RetryAfter > TimeSpan.Zero);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", right.Body.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, again.Status);
        // Reported once for the window, with the account and never the address itself.
        Assert.Equal("email:cat@example.org/account", await cluster.ScalarAsync(
            "SELECT string_agg(subject || '/' || (detail->>'by'), ',') FROM audit_log WHERE action = 'auth.login_throttled'"));
        Assert.DoesNotContain("127.0.0.1", await cluster.ScalarAsync("SELECT string_agg(detail::text, ',') FROM audit_log"), StringComparison.Ordinal);
        // Another account from the same address is not held back.
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(api.Http, "dog@example.org", "the right password")).Status);
    }
}
