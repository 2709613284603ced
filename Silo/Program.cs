using Faucet.Configuration;
using Faucet.Silo;

try
{
    using var host = FaucetSiloHost.Build(args);
    await host.RunAsync();
    return 0;
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (InvalidOperationException e) when (e.Message.Contains("connection string", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
