using System.Text.Json;
using Faucet.Cli;
using Faucet.Tests.Infrastructure;
using Faucet.Tests.Payouts;
using Faucet.Tests.Settlement;
using Spectre.Console.Testing;

namespace Faucet.Tests.Cli;

/// <summary>The operator's console against a real Api on a test cluster, with the operator token from the environment:
/// the status, a round run and shown, and every problem as one line with its status.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorCommandTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LiveNodeCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LiveNodeCluster.CreateAsync(postgres.Server);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(Uri api, string? token, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["FAUCET_URL"] = api.ToString(), ["FAUCET_OPERATOR_TOKEN"] = token };
        var exit = await FaucetCommandLine.RunAsync(args, console, error, name => environment.GetValueOrDefault(name));
        return (exit, console.Output, error.ToString());
    }

    [Fact]
    public async Task Status_and_rounds_come_from_the_admin_api_and_its_problems_are_one_line_each()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        await Rounds.PlayerAsync(client.Client, kills: 2);
        var url = api.Http.BaseAddress!;
        const string token = FaucetProcessArgs.OperatorToken;

        var (statusExit, status, _) = await RunAsync(url, token, "status", "--json");
        var (runExit, run, _) = await RunAsync(url, token, "rounds", "run", "--json");
        var number = JsonDocument.Parse(run).RootElement.GetProperty("number").GetInt64();
        var round = await Rounds.FinishedAsync(client.Client, number);
        var (showExit, show, _) = await RunAsync(url, token, "rounds", "show", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (tableExit, table, _) = await RunAsync(url, token, "status");
        var (listExit, list, _) = await RunAsync(url, token, "rounds", "list", "--json");
        var (missingExit, _, missing) = await RunAsync(url, token, "rounds", "show", "99");
        var (wrongExit, _, wrong) = await RunAsync(url, "not-the-token", "status");
        var (noTokenExit, _, noToken) = await RunAsync(url, null, "status");
        var (awayExit, _, away) = await RunAsync(new Uri("http://127.0.0.1:" + FreePort.Next()), token, "status");

        var facts = JsonDocument.Parse(status).RootElement;
        Assert.Equal((FaucetCommandLine.Done, true), (statusExit, facts.GetProperty("ready").GetBoolean()));
        Assert.Equal("4.2", facts.GetProperty("stats").GetProperty("pending").GetString());
        Assert.Equal(FaucetCommandLine.Done, runExit);
        Assert.Equal(FaucetCommandLine.Done, showExit);
        Assert.Contains($"Round {number}", show, StringComparison.Ordinal);
        Assert.Contains(round.Status.ToString().ToLowerInvariant(), show, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Done, tableExit);
        Assert.Equal((FaucetCommandLine.Done, number), (listExit, JsonDocument.Parse(list).RootElement[0].GetProperty("number").GetInt64()));
        Assert.Contains("Source accounts", table, StringComparison.Ordinal);
        Assert.Contains(LiveNodeCluster.Operator, table, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Failed, missingExit);
        Assert.StartsWith("faucet: 404 No such round: Rounds are numbered 1 to 1.", missing, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Failed, wrongExit);
        Assert.StartsWith("faucet: 401", wrong, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.BadUsage, noTokenExit);
        Assert.Contains("FAUCET_OPERATOR_TOKEN", noToken, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Failed, awayExit);
        Assert.Contains("did not answer", away, StringComparison.Ordinal);
        Assert.All(new[] { missing, wrong, noToken, away }, line => Assert.Single(line.Trim().Split('\n')));
    }

    [Fact]
    public async Task Players_payouts_the_audit_log_configuration_and_webhooks_are_read_and_acted_on_through_the_api()
    {
        await using var silo = await cluster.StartSiloAsync();
        await using var api = await cluster.StartApiAsync();
        await using var client = await cluster.StartClientAsync();
        var user = await Rounds.PlayerAsync(client.Client, kills: 2);
        await Rounds.RunAsync(client.Client);
        var url = api.Http.BaseAddress!;
        const string token = FaucetProcessArgs.OperatorToken;

        var (findExit, found, _) = await RunAsync(url, token, "users", "find", user, "--json");
        var (banExit, _, _) = await RunAsync(url, token, "users", "ban", user, "--reason", "console check", "--until", "2099-01-01T00:00:00Z");
        var (_, shown, _) = await RunAsync(url, token, "users", "show", user, "--json");
        var (unbanExit, _, _) = await RunAsync(url, token, "users", "unban", user);
        var (payoutsExit, payouts, _) = await RunAsync(url, token, "payouts", "list", "--user", user, "--json");
        var payoutId = JsonDocument.Parse(payouts).RootElement.GetProperty("items")[0].GetProperty("payoutId").GetString()!;
        var (retryExit, retried, _) = await RunAsync(url, token, "payouts", "retry", payoutId, "--json");
        var (auditExit, audit, _) = await RunAsync(url, token, "audit", "tail", "--limit", "5");
        var (configExit, config, _) = await RunAsync(url, token, "config", "show");
        var (hooksExit, hooks, _) = await RunAsync(url, token, "webhooks", "list");
        var (badBanExit, _, badBan) = await RunAsync(url, token, "users", "ban", "nobody-at-all", "--reason", "x");

        Assert.Equal(FaucetCommandLine.Done, findExit);
        Assert.Equal(user, JsonDocument.Parse(found).RootElement.GetProperty("items")[0].GetProperty("userId").GetString());
        Assert.Equal((FaucetCommandLine.Done, FaucetCommandLine.Done), (banExit, unbanExit));
        Assert.Equal("console check", JsonDocument.Parse(shown).RootElement.GetProperty("user").GetProperty("ban").GetProperty("reason").GetString());
        Assert.Equal((FaucetCommandLine.Done, FaucetCommandLine.Done), (payoutsExit, retryExit));
        Assert.Contains("already_sent", retried, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Done, auditExit);
        Assert.Contains("user.unbanned", audit, StringComparison.Ordinal);
        Assert.Contains("user.banned", audit, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Done, configExit);
        Assert.Contains("operator:", config, StringComparison.Ordinal);
        Assert.DoesNotContain(token, config, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Done, hooksExit);
        Assert.Equal(FaucetCommandLine.Failed, badBanExit);
        Assert.StartsWith("faucet: 404", badBan, StringComparison.Ordinal);
    }
}
