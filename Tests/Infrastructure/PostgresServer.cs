using System.Diagnostics;
using Npgsql;

namespace Faucet.Tests.Infrastructure;

/// <summary>
/// A real, private PostgreSQL server for tests, started through the same script as the one-command run
/// (<c>deploy/local/postgres.sh</c>) in a temporary data folder on a free port. Each test asks for its own
/// database, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string dataDirectory;

    private PostgresServer(string dataDirectory, int port)
    {
        this.dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's main process (its backends are its children), from the data folder's <c>postmaster.pid</c>.</summary>
    public int ProcessId => int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=faucet;Database={database};Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "faucet-tests");
        Directory.CreateDirectory(root);
        var server = new PostgresServer(Path.Combine(root, "pg-" + Guid.NewGuid().ToString("N")[..12]), FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>), keeping its data.</summary>
    public Task StartAgainAsync() => RunScriptAsync("start", dataDirectory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task StopAsync() => RunScriptAsync("stop", dataDirectory);

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder; nothing depends on it.
        }
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepositoryRoot.Combine("deploy", "local", "postgres.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Tests start and kill many silos and Api hosts against one server; a killed process's connections linger until
        // the server notices, so the tests get more room than the local run's 300.
        start.Environment["PG_EXTRA_OPTS"] = "-c fsync=off -c synchronous_commit=off -c max_connections=1000";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
