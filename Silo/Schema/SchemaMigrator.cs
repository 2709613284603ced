using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faucet.Silo.Schema;

/// <summary>
/// Brings a PostgreSQL database up to the schema in <c>deploy/sql</c>: the Orleans provider scripts
/// (<c>orleans/</c>) first, then Faucet's own migrations (<c>migrations/</c>), each in file-name order.
/// Applied scripts are recorded with a checksum, so a second run is a no-op and an edited script that has
/// already been applied is refused instead of silently diverging. Migrations are forward-only.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, SchemaScripts scripts, ILogger<SchemaMigrator> logger)
{
    // Any constant works as long as every process that migrates this database uses the same one.
    private const long AdvisoryLockKey = 0x4661_7563_6574; // "Faucet"

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // A session lock, held across all scripts: a second silo starting at the same moment waits here (as long
        // as the first takes: no command timeout) and then finds nothing left to do.
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection) { CommandTimeout = 0 })
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS faucet_schema_migrations
                (
                    script     text        NOT NULL PRIMARY KEY,
                    sha256     text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<string>();
            foreach (var script in scripts.Load())
            {
                if (applied.TryGetValue(script.Name, out var recordedHash))
                {
                    if (recordedHash != script.Sha256)
                    {
                        throw new SchemaMigrationException(
                            $"Schema script '{script.Name}' was changed after it was applied. " +
                            "Migrations are forward-only: add a new script instead of editing an applied one.");
                    }
                    continue;
                }

                await ApplyAsync(connection, script, cancellationToken);
                newlyApplied.Add(script.Name);
                LogApplied(logger, script.Name);
            }

            LogUpToDate(logger, applied.Count + newlyApplied.Count, newlyApplied.Count);
            return newlyApplied;
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO faucet_schema_migrations (script, sha256) VALUES (@script, @sha256)", connection, transaction))
            {
                record.Parameters.AddWithValue("script", script.Name);
                record.Parameters.AddWithValue("sha256", script.Sha256);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new SchemaMigrationException($"Schema script '{script.Name}' failed: {e.MessageText}", e);
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT script, sha256 FROM faucet_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    // Closing the connection releases a session lock too, so a failed unlock (say, on a connection that broke
    // during a script) is logged and must not hide the error that got us here.
    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            LogUnlockFailed(logger, e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the schema lock; it is released when the connection closes")]
    private static partial void LogUnlockFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script}")]
    private static partial void LogApplied(ILogger logger, string script);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is up to date: {Total} scripts, {New} applied now")]
    private static partial void LogUpToDate(ILogger logger, int total, int @new);
}
