using Faucet.Api;
using Faucet.Configuration;
using Npgsql;

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
catch (NpgsqlException e)
{
    // The client finds the cluster's gateways in PostgreSQL, so without it there is nothing to serve.
    await Console.Error.WriteLineAsync($"PostgreSQL cannot be used: {e.Message} (check ConnectionStrings__Faucet and that the server is running)");
    return 3;
}
