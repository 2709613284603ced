namespace Faucet.Tests.Infrastructure;

/// <summary>One PostgreSQL server shared by every test in the <see cref="PostgresCollection"/>.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    public PostgresServer Server => server ?? throw new InvalidOperationException("PostgreSQL has not started");

    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// About half of the database-backed classes (the longest among them), on a PostgreSQL server of their own: they run
/// beside the <see cref="PostgresCollection"/> instead of after it, which keeps the whole suite within CI's time. Their
/// tests still run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LongRunsCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL, long runs";
}

/// <summary>
/// Tests that hold the faucet to a time (how soon it answers again after an outage), run alone once every other
/// collection is done: with the others beside them on two cores, what they would measure is the machine's load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAloneCollection
{
    public const string Name = "Timed, alone";
}
