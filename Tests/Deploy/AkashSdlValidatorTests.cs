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

    private static Task<(int ExitCode, string Output)> ValidateAsync(string sdlPath) => NodeValidator.RunAsync(ValidatorFolder, sdlPath);
}
