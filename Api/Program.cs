using Faucet.Api;
using Faucet.Configuration;

try
{
    await using var app = FaucetApiHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
