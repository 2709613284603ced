using Npgsql;

namespace Faucet.Api.Features.Health;

/// <summary>The data source the readiness check uses: no pooling, short timeouts.</summary>
public sealed class HealthCheckDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource Source { get; } = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        Timeout = 3,
        CommandTimeout = 3,
    }.ConnectionString);

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
