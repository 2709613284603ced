using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Faucet.Tests.Cluster;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Api;

/// <summary>One silo and one Api on a shared database, as the one-command run starts them.</summary>
public sealed class RunningFaucet : IAsyncLifetime
{
    private PostgresServer? postgres;
    private SiloProcess? silo;

    public ApiProcess Api { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync();
        silo = await SiloProcess.StartAsync(Database);
        Api = await ApiProcess.StartAsync(Database);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await silo!.DisposeAsync();
        await postgres!.DisposeAsync();
    }
}

public sealed class ApiTests(RunningFaucet faucet) : IClassFixture<RunningFaucet>
{
    private const string OperatorToken = FaucetProcessArgs.OperatorToken;

    private HttpClient Http => faucet.Api.Http;

    [Fact]
    public async Task Health_answers_while_the_process_is_alive()
    {
        using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_reports_the_cluster_and_the_database_answering()
    {
        using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Product_configuration_is_served_without_any_secret()
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/config/product", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("Faucet", body.RootElement.GetProperty("appName").GetString());
        Assert.True(body.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(4, body.RootElement.GetProperty("tokenPackages").GetArrayLength());
        Assert.Equal(3, body.RootElement.GetProperty("freePullsPerDay").GetInt32());
        Assert.DoesNotContain("change-me", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_configuration_tells_the_app_how_players_earn_and_how_tokens_are_paid_for()
    {
        using var body = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/config/product", UriKind.Relative)));
        var earning = body.RootElement.GetProperty("earning");

        Assert.Equal(("2.1", "0.001", 20, 1, 3, "UTC", "50"), (
            earning.GetProperty("banPerKill").GetString(), earning.GetProperty("banPerClick").GetString(),
            earning.GetProperty("schedulerMinutes").GetInt32(), earning.GetProperty("dailyPayoutCap").GetInt32(),
            earning.GetProperty("weeklyPayoutCap").GetInt32(), earning.GetProperty("resetTz").GetString(),
            earning.GetProperty("minOperatorBalanceBan").GetString()));
        Assert.Equal(JsonValueKind.Null, earning.GetProperty("dailyBanCap").ValueKind);
        Assert.Equal("simulated", body.RootElement.GetProperty("payments").GetString());
        Assert.Equal("https://creeper.banano.cc/hash/{hash}", body.RootElement.GetProperty("blockExplorerUrl").GetString());
        Assert.Equal(150, body.RootElement.GetProperty("vanityPricing").GetProperty("jobMarginPercent").GetInt64());
    }

    [Fact]
    public async Task The_apps_words_are_served_for_each_offered_language_and_an_unknown_one_is_a_404_problem()
    {
        using var product = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/config/product", UriKind.Relative)));
        var offered = product.RootElement.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("code").GetString()).ToList();

        Assert.Equal(["en", "es", "pt-BR", "de", "fr"], offered);
        Assert.Equal(JsonValueKind.Null, product.RootElement.GetProperty("formatLocale").ValueKind);
        using var german = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/config/locales/de", UriKind.Relative)));
        Assert.Equal("Deutsch", german.RootElement.GetProperty("language.name").GetString());
        using var missing = await Http.GetAsync(new Uri("/api/v1/config/locales/pt-br", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pt-BR", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settlement_schedule_is_public_for_the_countdown()
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/settlement", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schedule = await response.Content.ReadFromJsonAsync<JsonElement>();
        var (_, admin) = await ApiCalls.CallAsync(Http, HttpMethod.Get, "/api/v1/admin/settlement", OperatorToken);
        Assert.Equal(20, schedule.GetProperty("intervalMinutes").GetInt32());
        var next = schedule.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(21));
        Assert.Equal(admin.GetProperty("scheduler").GetProperty("nextRunAt").GetDateTimeOffset(), next);
        Assert.Equal(admin.GetProperty("scheduler").GetProperty("lastRound").GetInt64(), schedule.GetProperty("lastRound").GetInt64());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/config/product", out _));
    }

    [Fact]
    public async Task An_unknown_path_is_a_problem_details_404()
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_dashboard_asks_for_the_operator_credential()
    {
        using var response = await Http.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-operator-token")]
    public async Task The_admin_api_refuses_a_missing_or_wrong_token_without_asking_the_browser_for_a_password(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/config");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // A Basic challenge would make the browser pop its own dialog over the app's operator pages.
        Assert.DoesNotContain(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("Bearer", "not-the-operator-token")]
    [InlineData("Basic", "operator:not-the-operator-token")]
    public async Task The_dashboard_refuses_a_wrong_credential(string scheme, string credential)
    {
        using var response = await GetDashboardAsync(scheme, credential);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer", OperatorToken)]
    [InlineData("Basic", "operator:" + OperatorToken)]
    public async Task The_dashboard_opens_with_the_operator_credential(string scheme, string credential)
    {
        using var response = await GetDashboardAsync(scheme, credential);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_shipped_placeholder_token_never_opens_the_dashboard()
    {
        const string placeholder = "change-me-operator-token";
        await using var api = await ApiProcess.StartAsync(faucet.Database, "--FAUCET_OPERATOR_TOKEN=" + placeholder);

        using var withPlaceholder = await GetDashboardAsync(api.Http, "Bearer", placeholder);
        using var withEarlierToken = await GetDashboardAsync(api.Http, "Bearer", OperatorToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withPlaceholder.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withEarlierToken.StatusCode);
    }

    private Task<HttpResponseMessage> GetDashboardAsync(string scheme, string credential) => GetDashboardAsync(Http, scheme, credential);

    private static async Task<HttpResponseMessage> GetDashboardAsync(HttpClient http, string scheme, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme,
            scheme == "Basic" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)) : credential);
        return await http.SendAsync(request);
    }
}
