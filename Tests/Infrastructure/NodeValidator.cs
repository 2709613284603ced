using System.Diagnostics;

namespace Faucet.Tests.Infrastructure;

/// <summary>Runs the <c>validate.mjs</c> of a validator folder (<c>deploy/*/validate</c>, installed by ./faucet test)
/// with node, and gives its exit code and everything it printed.</summary>
public static class NodeValidator
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, params string[] arguments)
    {
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules")),
            $"the validator is not installed: run 'npm ci' in {Path.GetRelativePath(RepositoryRoot.Path, folder)} (./faucet test does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
