using System.CommandLine;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Faucet.Configuration;
using Npgsql;
using Spectre.Console;

namespace Faucet.Cli;

/// <summary>
/// <c>faucet backup FILE</c> and <c>faucet restore FILE</c>. An archive (tar, gzip) holds a consistent <c>pg_dump</c> of
/// the faucet's database (custom format), a manifest (the schema version, the applied migrations and every table's row
/// count, all read in the dump's own snapshot) and the configuration as the faucet reads it, secrets masked. A restore
/// goes into an empty database (or, with <c>--force</c>, over one), and is then checked: the schema version and the
/// migrations, each table's rows, and the ledgers' chains (reward and token entries numbered without gaps, each token
/// entry starting from the balance the one before it left). The database is <c>ConnectionStrings__Faucet</c>, the
/// silo's own setting, so its password is never on the command line.
/// </summary>
public static class BackupCommands
{
    private const string DumpEntry = "faucet.dump";
    private const string ManifestEntry = "manifest.json";
    private const string ConfigEntry = "config.yaml";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>pg_restore's options for a restore over a database that holds tables: drop each before it is made.</summary>
    private static readonly string[] Replacing = ["--clean", "--if-exists"];

    /// <param name="Schema">The last migration applied: the schema's version.</param>
    public sealed record Manifest(DateTimeOffset CreatedAt, string Schema, IReadOnlyList<string> Migrations, IReadOnlyDictionary<string, long> Rows);

    public static IEnumerable<Command> Build(IAnsiConsole console, Func<string, string?> environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The archive." };
        var config = new Option<DirectoryInfo?>("--config") { Description = "The folder with the three YAML files (default: FAUCET_CONFIG_DIR, else deploy/config)." };
        var backup = new Command("backup", "Writes one archive: a consistent dump of the faucet's database, its schema version and row counts, and the configuration with secrets masked.")
        {
            file, config,
        };
        backup.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(file)!;
            if (target.Exists)
            {
                throw new UsageException($"{target.FullName} exists: an archive is never overwritten.");
            }
            var manifest = await console.Status().StartAsync("Dumping the database…",
                _ => BackupAsync(Database(environment), target, ConfigDirectory(result.GetValue(config), environment), environment, cancellationToken));
            console.WriteLine($"Backed up schema {manifest.Schema}, {manifest.Rows.Count} tables, {manifest.Rows.Values.Sum()} rows, to {target.FullName}.");
            return FaucetCommandLine.Done;
        });

        var force = new Option<bool>("--force") { Description = "Restore over a database that already holds tables (they are dropped first)." };
        var restore = new Command("restore", "Restores an archive into an empty database, then checks the schema, every table's rows and the ledgers.")
        {
            file, force,
        };
        restore.SetAction(async (result, cancellationToken) =>
        {
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"{source.FullName} does not exist.");
            }
            var manifest = await console.Status().StartAsync("Restoring and checking…",
                _ => RestoreAsync(Database(environment), source, result.GetValue(force), cancellationToken));
            console.WriteLine($"Restored schema {manifest.Schema}, {manifest.Rows.Count} tables, {manifest.Rows.Values.Sum()} rows, ledgers chained.");
            return FaucetCommandLine.Done;
        });
        return [backup, restore];
    }

    private static NpgsqlConnectionStringBuilder Database(Func<string, string?> environment) =>
        environment("ConnectionStrings__Faucet") is { Length: > 0 } connection
            ? new NpgsqlConnectionStringBuilder(connection)
            : throw new UsageException("set ConnectionStrings__Faucet to the faucet's database (as for the silo); it is never taken from the command line.");

    private static string ConfigDirectory(DirectoryInfo? given, Func<string, string?> environment) =>
        given?.FullName ?? environment("FAUCET_CONFIG_DIR") ?? Path.Combine("deploy", "config");

    public static async Task<Manifest> BackupAsync(NpgsqlConnectionStringBuilder database, FileInfo target, string configDirectory,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        // The configuration is a help to whoever restores; a backup is never stopped for it (a cron job may not hold
        // every secret the files ask for).
        string masked;
        try
        {
            masked = ConfigurationPrinter.Print(FaucetConfiguration.Load(configDirectory, environment));
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            masked = $"# The configuration in {configDirectory} could not be read when this backup was made: {e.Message.Split('\n')[0]}\n";
        }
        var work = Directory.CreateTempSubdirectory("faucet-backup-");
        try
        {
            // One snapshot for the counts and the dump: the manifest describes exactly what the dump holds.
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var snapshot = (string)(await new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction).ExecuteScalarAsync(cancellationToken))!;
            var manifest = await DescribeAsync(connection, transaction, cancellationToken);
            var dump = Path.Combine(work.FullName, DumpEntry);
            await PostgresToolAsync("pg_dump", database, ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshot, "--file=" + dump], cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            // Written beside its name, readable by its owner alone (it holds player data), and named only once whole:
            // a backup that fails leaves no file that could later pass for one.
            var partial = target.FullName + ".partial";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                await using (var output = new FileStream(partial, options))
                await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
                {
                    await tar.WriteEntryAsync(dump, DumpEntry, cancellationToken);
                    await WriteTextAsync(tar, ManifestEntry, JsonSerializer.Serialize(manifest, Json), cancellationToken);
                    await WriteTextAsync(tar, ConfigEntry, masked, cancellationToken);
                }
                File.Move(partial, target.FullName, overwrite: false);
            }
            finally
            {
                File.Delete(partial);
            }
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public static async Task<Manifest> RestoreAsync(NpgsqlConnectionStringBuilder database, FileInfo source, bool force, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("faucet-restore-");
        try
        {
            Manifest? manifest;
            try
            {
                manifest = await ExtractAsync(source, work.FullName, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or JsonException or FormatException)
            {
                throw new FailedException($"{source.Name} is not a faucet backup ({e.Message.Split('\n')[0]}).");
            }
            var dump = Path.Combine(work.FullName, DumpEntry);
            if (manifest is null || !File.Exists(dump))
            {
                throw new FailedException($"{source.Name} is not a faucet backup: it lacks {(manifest is null ? ManifestEntry : DumpEntry)}.");
            }

            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                var tables = (long)(await new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection).ExecuteScalarAsync(cancellationToken))!;
                if (tables > 0 && !force)
                {
                    throw new UsageException($"the database {database.Database} already holds {tables} tables: restore into an empty one, or give --force to replace them.");
                }
            }
            // One transaction: a restore that fails partway (over a live database, with --force) leaves it as it was.
            await PostgresToolAsync("pg_restore", database, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", .. force ? Replacing : [], dump], cancellationToken);

            await using var check = new NpgsqlConnection(database.ConnectionString);
            await check.OpenAsync(cancellationToken);
            await using var transaction = await check.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var restored = await DescribeAsync(check, transaction, cancellationToken);
            if (restored.Schema != manifest.Schema || !restored.Migrations.SequenceEqual(manifest.Migrations))
            {
                throw new FailedException($"the restored schema is {restored.Schema}, the backup's {manifest.Schema}.");
            }
            if (restored.Rows.Keys.Except(manifest.Rows.Keys, StringComparer.Ordinal).FirstOrDefault() is { } extra)
            {
                throw new FailedException($"the restored database has {extra}, which the backup has not: it was not empty of the faucet's tables.");
            }
            foreach (var (table, rows) in manifest.Rows)
            {
                if (!restored.Rows.TryGetValue(table, out var found) || found != rows)
                {
                    throw new FailedException($"{table} holds {(restored.Rows.ContainsKey(table) ? found : 0)} rows after the restore; the backup counted {rows}.");
                }
            }
            await CheckLedgersAsync(check, transaction, cancellationToken);
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Extracts the dump into <paramref name="folder"/> and reads the manifest (null when the archive has none).</summary>
    private static async Task<Manifest?> ExtractAsync(FileInfo source, string folder, CancellationToken cancellationToken)
    {
        Manifest? manifest = null;
        await using var input = source.OpenRead();
        await using var gzip = new GZipStream(input, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.Name == DumpEntry)
            {
                await entry.ExtractToFileAsync(Path.Combine(folder, DumpEntry), overwrite: false, cancellationToken);
            }
            else if (entry.Name == ManifestEntry && entry.DataStream is { } data)
            {
                manifest = await JsonSerializer.DeserializeAsync<Manifest>(data, Json, cancellationToken);
            }
        }
        return manifest;
    }

    /// <summary>The schema version, the migrations and every table's rows, as the transaction sees them.</summary>
    private static async Task<Manifest> DescribeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var migrations = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT script FROM faucet_schema_migrations ORDER BY script", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                migrations.Add(reader.GetString(0));
            }
        }
        if (migrations.Count == 0)
        {
            throw new FailedException("the database has no faucet schema (faucet_schema_migrations is empty).");
        }
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            // The names come from the catalogue, quoted as identifiers.
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection, transaction);
            rows[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return new Manifest(DateTimeOffset.UtcNow, migrations[^1], migrations, rows);
    }

    /// <summary>Each player's reward and token entries numbered 1, 2, 3… without a gap, and each token entry starting
    /// from the balance the one before it left.</summary>
    private static async Task CheckLedgersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (ledger, sql) in new[]
        {
            ("reward_journal", "SELECT count(*) FROM (SELECT entry_no, row_number() OVER (PARTITION BY user_id ORDER BY entry_no) AS n FROM reward_journal) j WHERE entry_no <> n"),
            ("token_ledger", "SELECT count(*) FROM (SELECT entry_no, row_number() OVER (PARTITION BY user_id ORDER BY entry_no) AS n, balance_before, lag(balance_after, 1, 0::bigint) OVER (PARTITION BY user_id ORDER BY entry_no) AS before FROM token_ledger) t WHERE entry_no <> n OR balance_before <> before"),
        })
        {
            var broken = (long)(await new NpgsqlCommand(sql, connection, transaction).ExecuteScalarAsync(cancellationToken))!;
            if (broken > 0)
            {
                throw new FailedException($"{ledger} is not chained after the restore: {broken} entries out of place.");
            }
        }
    }

    private static async Task WriteTextAsync(TarWriter tar, string name, string text, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };
        await tar.WriteEntryAsync(entry, cancellationToken);
    }

    /// <summary>Runs pg_dump or pg_restore against the database, its password in the environment (never an argument).</summary>
    private static async Task PostgresToolAsync(string tool, NpgsqlConnectionStringBuilder database, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(FindTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--dbname=" + database.Database);
        start.Environment["PGHOST"] = database.Host;
        start.Environment["PGPORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = database.Username;
        if (database.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        // As the connection string asks of TLS: never weaker than the faucet's own connections.
        start.Environment["PGSSLMODE"] = database.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        if (database.RootCertificate is { Length: > 0 } root)
        {
            start.Environment["PGSSLROOTCERT"] = root;
        }
        using var process = Process.Start(start) ?? throw new FailedException($"{tool} could not be started.");
        // Cancelled (Ctrl-C, a stop signal): the tool stops too, and lets go of its snapshot and locks.
        await using var stop = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new FailedException($"{tool} failed: {(await errors).Trim().Split('\n')[0]}");
        }
    }

    /// <summary>The tool on the PATH, else the newest PostgreSQL's on Debian.</summary>
    private static string FindTool(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return onPath ?? debian ?? throw new FailedException($"{tool} was not found: install PostgreSQL's client tools (Debian: postgresql-client).");
    }
}
