using Faucet.Configuration;
using Microsoft.Extensions.Configuration;

namespace Faucet.Hosting;

public static class FaucetConfigurationLoader
{
    /// <summary>The folder with the three YAML files: <c>Faucet:ConfigDirectory</c>, else <c>config/</c> beside the binary.</summary>
    public static string ConfigDirectory(IConfiguration configuration) =>
        configuration["Faucet:ConfigDirectory"] is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "config");

    /// <summary>Loads the YAML files; their <c>${VAR}</c> references are read from the process configuration,
    /// which holds the environment and the command line (<c>--FAUCET_OPERATOR_TOKEN=…</c>).</summary>
    public static FaucetConfiguration Load(IConfiguration configuration) =>
        FaucetConfiguration.Load(ConfigDirectory(configuration), name => configuration[name]);
}
