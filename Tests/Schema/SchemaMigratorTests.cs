using Faucet.Silo.Schema;
using Faucet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faucet.Tests.Schema;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    private static SchemaMigrator Migrator(NpgsqlDataSource database, SchemaScripts? scripts = null) =>
        new(database, scripts ?? new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")), NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task A_new_database_gets_every_script_in_order_and_the_provider_queries()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());

        var applied = await Migrator(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")).Load().Select(s => s.Name), applied);
        Assert.StartsWith("orleans/", applied[0], StringComparison.Ordinal);
        var queryKeys = await ReadColumnAsync(database, "SELECT QueryKey FROM OrleansQuery");
        Assert.Contains("CleanupDefunctSiloEntriesKey", queryKeys);
        Assert.Contains("WriteToStorageKey", queryKeys);
        Assert.Contains("UpsertReminderRowKey", queryKeys);
    }

    [Fact]
    public async Task Each_database_gets_one_ledger_identity_of_its_own_that_a_second_run_keeps()
    {
        await using var first = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await using var second = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await Migrator(first).MigrateAsync(CancellationToken.None);
        await Migrator(second).MigrateAsync(CancellationToken.None);
        var before = await ReadColumnAsync(first, "SELECT id::text FROM faucet_ledger");

        await Migrator(first).MigrateAsync(CancellationToken.None);

        Assert.Equal(before, await ReadColumnAsync(first, "SELECT id::text FROM faucet_ledger"));
        Assert.NotEqual(Assert.Single(before), Assert.Single(await ReadColumnAsync(second, "SELECT id::text FROM faucet_ledger")));
    }

    [Fact]
    public async Task Running_the_migrator_a_second_time_applies_nothing()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await Migrator(database).MigrateAsync(CancellationToken.None);

        var second = await Migrator(database).MigrateAsync(CancellationToken.None);

        Assert.Empty(second);
    }

    [Fact]
    public async Task Migrators_started_together_apply_each_script_exactly_once()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(database).MigrateAsync(CancellationToken.None))));

        var scripts = new SchemaScripts(RepositoryRoot.Combine("deploy", "sql")).Load().Select(s => s.Name).ToList();
        Assert.Equal(scripts.Order(StringComparer.Ordinal), runs.SelectMany(r => r).Order(StringComparer.Ordinal));
        Assert.Equal(scripts.Count, (await ReadColumnAsync(database, "SELECT script FROM faucet_schema_migrations")).Count);
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_afterwards_is_refused()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var folder = Path.Combine(Path.GetTempPath(), "faucet-sql-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        var script = Path.Combine(folder, "migrations", "0001_things.sql");
        await File.WriteAllTextAsync(script, "CREATE TABLE things (id int);");
        await Migrator(database, new SchemaScripts(folder)).MigrateAsync(CancellationToken.None);

        await File.WriteAllTextAsync(script, "CREATE TABLE things (id bigint);");
        var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => Migrator(database, new SchemaScripts(folder)).MigrateAsync(CancellationToken.None));

        Assert.Contains("migrations/0001_things.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("forward-only", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_applied_script_checked_out_with_crlf_line_endings_is_still_the_same_script()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var folder = Path.Combine(Path.GetTempPath(), "faucet-sql-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        var script = Path.Combine(folder, "migrations", "0001_things.sql");
        await File.WriteAllTextAsync(script, "CREATE TABLE things\n(\n    id int\n);\n");
        await Migrator(database, new SchemaScripts(folder)).MigrateAsync(CancellationToken.None);

        await File.WriteAllTextAsync(script, "CREATE TABLE things\r\n(\r\n    id int\r\n);\r\n");

        Assert.Empty(await Migrator(database, new SchemaScripts(folder)).MigrateAsync(CancellationToken.None));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_failing_script_is_named_and_leaves_nothing_half_applied()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var folder = Path.Combine(Path.GetTempPath(), "faucet-sql-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        await File.WriteAllTextAsync(Path.Combine(folder, "migrations", "0001_broken.sql"), "CREATE TABLE half (id int); SELECT no_such_function();");

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => Migrator(database, new SchemaScripts(folder)).MigrateAsync(CancellationToken.None));

        Assert.Contains("migrations/0001_broken.sql", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadColumnAsync(database, "SELECT tablename::text FROM pg_tables WHERE tablename = 'half'"));
        Assert.Empty(await ReadColumnAsync(database, "SELECT script FROM faucet_schema_migrations"));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<List<string>> ReadColumnAsync(NpgsqlDataSource database, string sql)
    {
        var values = new List<string>();
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
