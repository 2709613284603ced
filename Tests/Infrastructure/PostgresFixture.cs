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
/// The longest classes, on a PostgreSQL server of their own: they run beside the <see cref="PostgresCollection"/>
/// instead of after it, which keeps the whole suite within CI's time. Their tests still run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LongRunsCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL, long runs";
}
