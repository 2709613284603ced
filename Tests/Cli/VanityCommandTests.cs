using System.Text.Json;
using Faucet.Cli;
using Faucet.Vanity;
using Spectre.Console.Testing;

namespace Faucet.Tests.Cli;

/// <summary>The <c>faucet vanity</c> commands run in-process against a test console: the cluster's odds, a search that
/// writes a key file only its owner reads, a check of that file against its did, and bad usage as one line and exit 2.</summary>
public sealed class VanityCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faucet-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        using var error = new StringWriter();
        var exit = await FaucetCommandLine.RunAsync(args, console, error);
        return (exit, console.Output, error.ToString());
    }

    [Fact]
    public async Task Odds_are_the_clusters_own_figures_in_a_table_or_as_json()
    {
        VanityPattern.TryCompile(["ban", "zoo"], caseInsensitive: true, fuzzy: false, out var pattern, out _);
        var cluster = VanityOddsCalculator.Of(pattern!);

        var (tableExit, table, _) = await RunAsync("vanity", "odds", "ban", "zoo", "--ignore-case", "--rate", "100000");
        var (jsonExit, json, _) = await RunAsync("vanity", "odds", "ban", "zoo", "--ignore-case", "--rate", "100000", "--json");
        var answer = JsonDocument.Parse(json).RootElement;

        Assert.Equal((FaucetCommandLine.Done, FaucetCommandLine.Done), (tableExit, jsonExit));
        Assert.Contains($"1 in {1 / cluster.Exact:#,0}", table, StringComparison.Ordinal);
        Assert.Contains("At least 1 of 2", table, StringComparison.Ordinal);
        Assert.Equal((cluster.Exact, cluster.ExpectedAttempts), (answer.GetProperty("exact").GetDouble(), answer.GetProperty("expectedAttempts").GetDouble()));
        Assert.Equal(cluster.ExpectedAttempts / 100_000, answer.GetProperty("expectedSeconds").GetDouble(), 6);
    }

    [Fact]
    public async Task Grind_finds_a_two_character_pattern_writes_the_key_for_its_owner_alone_and_verify_accepts_it_and_refuses_another()
    {
        var file = Path.Combine(folder, "key.jwk");
        var other = Path.Combine(folder, "other.pem");

        var (exit, output, _) = await RunAsync("vanity", "grind", "ab", "--out", file, "--json");
        var did = JsonDocument.Parse(output).RootElement.GetProperty("did").GetString()!;
        await RunAsync("vanity", "grind", "cd", "--out", other, "--format", "pem");
        var (accepted, acceptedOutput, _) = await RunAsync("vanity", "verify", "--did", did, "--key", file);
        var (refused, _, refusedError) = await RunAsync("vanity", "verify", "--did", did, "--key", other);
        var (again, _, againError) = await RunAsync("vanity", "grind", "ab", "--out", file);

        Assert.Equal(FaucetCommandLine.Done, exit);
        Assert.Contains("ab", did[DidKey.FixedStart.Length..], StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.DoesNotContain(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("d").GetString()!, output, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Done, accepted);
        Assert.Contains(did, acceptedOutput, StringComparison.Ordinal);
        Assert.Equal(FaucetCommandLine.Failed, refused);
        Assert.StartsWith($"faucet: the key in other.pem is did:key:z6Mk", refusedError, StringComparison.Ordinal);
        Assert.Equal((FaucetCommandLine.BadUsage, 1), (again, againError.Trim().Split('\n').Length));
    }

    [Theory]
    [InlineData(new[] { "vanity", "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new[] { "vanity", "odds", "l0l" }, "part 1 ('l0l') has 'l' at position 1")]
    [InlineData(new[] { "vanity", "grind", "ab" }, "--out")]
    [InlineData(new[] { "vanity", "verify", "--did", "did:key:nope", "--key", "x" }, "is not an Ed25519 did:key")]
    [InlineData(new[] { "vanity", "grind", "ab", "--format", "der", "--out", "k" }, "der")]
    public async Task Bad_usage_is_a_plain_line_on_standard_error_and_exit_2(string[] args, string says)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(FaucetCommandLine.BadUsage, exit);
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }
}
