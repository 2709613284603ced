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
}
