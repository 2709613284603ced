using System.Net;
using System.Text.Json;
using Faucet.Cli;
using Faucet.Players;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Spectre.Console.Testing;

namespace Faucet.Tests.Cli;

/// <summary>A backup made by <c>faucet backup</c> of a faucet with players, payouts, a purchase, tokens and a kept key, restored by
/// <c>faucet restore</c> into a fresh PostgreSQL, where a silo and an Api then give a player the same status, token
/// balance and kept key as before.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BackupCommandTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] PullParts = ["ab"];

    private readonly string folder = Directory.CreateTempSubdirectory("faucet-backup-test-").FullName;
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string database, params string[] args)
    {
        var console = new TestConsole();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Faucet"] = database,
            ["FAUCET_CONFIG_DIR"] = RepositoryRoot.Combine("deploy", "config"),
            ["FAUCET_OPERATOR_TOKEN"] = FaucetProcessArgs.OperatorToken,
        };
        var exit = await FaucetCommandLine.RunAsync(args, console, error, name => environment.GetValueOrDefault(name));
        return (exit, console.Output, error.ToString());
    }

    /// <summary>What a player sees of themselves: status, token balance, and their kept key.</summary>
    private static async Task<string> PlayerViewAsync(HttpClient http, string bearer, string pullId)
    {
        var (_, status) = await ApiCalls.CallAsync(http, HttpMethod.Get, "/api/v1/me/status", bearer);
        var (_, tokens) = await ApiCalls.CallAsync(http, HttpMethod.Get, "/api/v1/tokens", bearer);
        var (_, pull) = await ApiCalls.CallAsync(http, HttpMethod.Get, $"/api/v1/vanity/pulls/{pullId}", bearer);
        var (_, payouts) = await ApiCalls.CallAsync(http, HttpMethod.Get, "/api/v1/me/payouts", bearer);
        var (_, purchases) = await ApiCalls.CallAsync(http, HttpMethod.Get, "/api/v1/purchases", bearer);
        return JsonSerializer.Serialize(new
        {
            pending = status.GetProperty("pending").GetString(),
            paid = status.GetProperty("paid").GetString(),
            wallet = status.GetProperty("wallet").GetString(),
            tokens = tokens.GetProperty("tokens").GetInt64(),
            seed = pull.GetProperty("key").GetProperty("seedHex").GetString(),
            payouts = payouts.GetRawText(),
            purchases = purchases.GetRawText(),
        });
    }

    [Fact]
    public async Task A_restored_backup_gives_a_player_the_same_status_tokens_and_kept_key_and_a_full_database_is_refused()
    {
        var archive = Path.Combine(folder, "faucet.backup");
        string user, before, pullId;
        // A dry run, where the simulated payment provider may take a purchase (its rounds record payouts without sending).
        await using (var silo = await cluster.StartSiloAsync(dryRun: true))
        await using (var api = await cluster.StartApiAsync("--FAUCET_DRY_RUN=true"))
        await using (var client = await cluster.StartClientAsync())
        {
            user = await Rounds.PlayerAsync(client.Client, kills: 2);
            await Rounds.RunAsync(client.Client);
            await client.Client.GetGrain<Faucet.Rewards.IRewardAccountGrain>(user).AccrueKillsAsync(5);
            var (granted, _) = await ApiCalls.CallAsync(api.Http, HttpMethod.Post, "/api/v1/admin/tokens/grant", FaucetProcessArgs.OperatorToken,
                new { userId = user, tokens = 120, reason = "backup check" }, key: "backup-grant");
            Assert.Equal(HttpStatusCode.OK, granted);
            var bearer = PlayerTokens.Issuer().Issue(new UserId(user), ["player"]);
            var (pulled, pull) = await ApiCalls.CallAsync(api.Http, HttpMethod.Post, "/api/v1/vanity/pulls", bearer,
                new { parts = PullParts, caseInsensitive = true, fuzzy = false }, key: "backup-pull");
            Assert.Equal(HttpStatusCode.Created, pulled);
            pullId = pull.GetProperty("pull").GetProperty("pullId").GetString()!;
            var (kept, _) = await ApiCalls.CallAsync(api.Http, HttpMethod.Post, $"/api/v1/vanity/pulls/{pullId}/keep", bearer);
            Assert.Equal(HttpStatusCode.OK, kept);
            var (bought, purchase) = await ApiCalls.CallAsync(api.Http, HttpMethod.Post, "/api/v1/purchases", bearer, new { packageId = "popular", method = "paypal" }, "backup-buy");
            Assert.Equal(HttpStatusCode.Created, bought);
            await Eventually.HoldsAsync(async () => (await ApiCalls.CallAsync(api.Http, HttpMethod.Get, $"/api/v1/purchases/{purchase.GetProperty("purchaseId").GetString()}", bearer))
                .Body.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(30), "the simulated purchase completes");
            before = await PlayerViewAsync(api.Http, bearer, pullId);

            var (backedUp, said, problem) = await RunAsync(cluster.Database, "backup", archive);
            Assert.True(backedUp == FaucetCommandLine.Done, problem);
            Assert.Contains("Backed up schema", said, StringComparison.Ordinal);
        }

        await using var fresh = await PostgresServer.StartAsync();
        var restoredDatabase = await fresh.CreateDatabaseAsync();
        var (restored, restoreSaid, restoreProblem) = await RunAsync(restoredDatabase, "restore", archive);
        var (again, _, againProblem) = await RunAsync(restoredDatabase, "restore", archive);
        Assert.True(restored == FaucetCommandLine.Done, restoreProblem);
        Assert.Contains("ledgers chained", restoreSaid, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.BadUsage, again);
        Assert.Contains("already holds", againProblem, StringComparison.Ordinal);

        await using var restoredSilo = await cluster.StartSiloOnAsync(restoredDatabase, dryRun: true);
        await using var restoredApi = await cluster.StartApiOnAsync(restoredDatabase, dryRun: true);
        var after = await PlayerViewAsync(restoredApi.Http, PlayerTokens.Issuer().Issue(new UserId(user), ["player"]), pullId);

        Assert.Equal(before, after);
        Assert.Contains("\"tokens\":620", after, StringComparison.Ordinal);
        Assert.Contains("completed", after, StringComparison.Ordinal);
    }
}
