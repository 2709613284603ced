using System.Diagnostics;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Cli;

/// <summary>The command line as people install it: packed into a .NET tool, installed into a tool path of its own,
/// and run by its command name.</summary>
public sealed class CliToolTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faucet-tool-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_answers_help_as_faucet()
    {
        var packages = Path.Combine(folder, "packages");
        var tools = Path.Combine(folder, "tools");

        // Packed from the build this suite runs on (./faucet test builds the solution in Release first).
        var pack = await RunAsync("dotnet", "pack", RepositoryRoot.Combine("Cli", "Cli.csproj"), "-c", "Release", "--no-build", "-o", packages);
        Assert.True(pack.Exit == 0, pack.Output);
        var install = await RunAsync("dotnet", "tool", "install", "Faucet.Cli", "--tool-path", tools, "--add-source", packages);
        Assert.True(install.Exit == 0, install.Output);
        var help = await RunAsync(Path.Combine(tools, "faucet"), "vanity", "--help");
        var unknown = await RunAsync(Path.Combine(tools, "faucet"), "nonsense");

        Assert.Equal(0, help.Exit);
        Assert.Contains("odds <parts>", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("faucet: Unrecognized command or argument 'nonsense'", unknown.Output, StringComparison.Ordinal);
    }
}
