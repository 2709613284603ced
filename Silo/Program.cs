using Faucet.Configuration;
using Faucet.Silo;
using Faucet.Silo.Schema;
using Npgsql;

// "Faucet.Silo migrate" applies the schema and exits (for an init step or a release job); with no
// command the silo runs, applying whatever is missing first.
try
{
    if (args.Length > 0 && args[0] == "migrate")
    {
        var applied = await FaucetSiloHost.MigrateAsync(args[1..], CancellationToken.None);
        Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied {applied.Count} schema script(s): {string.Join(", ", applied)}");
        return 0;
    }

    using var host = FaucetSiloHost.Build(args);
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (e is ConfigurationException or SchemaMigrationException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (NpgsqlException e)
{
    await Console.Error.WriteLineAsync($"PostgreSQL cannot be used: {e.Message} (check ConnectionStrings__Faucet and that the server is running)");
    return 3;
}
