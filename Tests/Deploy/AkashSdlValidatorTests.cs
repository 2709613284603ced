using System.Diagnostics;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Deploy;

/// <summary>The Akash SDK's own SDL parser (deploy/akash/validate, installed by ./faucet test) accepts our SDL.</summary>
public sealed class AkashSdlValidatorTests
{
    private static readonly string ValidatorFolder = RepositoryRoot.Combine("deploy", "akash", "validate");

    [Fact]
    public async Task The_akash_sdk_accepts_the_sdl()
    {
        var (exitCode, output) = await ValidateAsync(RepositoryRoot.Combine("deploy", "akash", "deploy.yaml"));

        Assert.True(exitCode == 0, output);
        Assert.StartsWith("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_akash_sdk_rejects_an_sdl_whose_profile_has_no_price()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"faucet-sdl-{Guid.NewGuid():N}.yaml");
        var sdl = await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "akash", "deploy.yaml"));
        await File.WriteAllTextAsync(broken, sdl.Replace("profile: silo\n", "profile: unpriced\n", StringComparison.Ordinal));

        var (exitCode, output) = await ValidateAsync(broken);
        File.Delete(broken);

        Assert.Equal(1, exitCode);
        Assert.Contains("unpriced", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string sdlPath)
    {
        Assert.True(Directory.Exists(Path.Combine(ValidatorFolder, "node_modules")),
            "the SDL validator is not installed: run 'npm ci' in deploy/akash/validate (./faucet test does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = ValidatorFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        start.ArgumentList.Add(sdlPath);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
