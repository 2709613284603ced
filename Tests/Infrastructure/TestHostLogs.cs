using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.Tests.Infrastructure;

/// <summary>
/// Where the hosts a test runs in this process (silos, Apis, Orleans clients) write their logs: one file for the whole
/// run instead of the console, so that a passing run prints none of them. Every line starts with its UTC time, and
/// <c>./faucet test</c> prints the lines written while a failed test ran (the run's results give its start and end).
/// The file is <c>FAUCET_TEST_HOST_LOG</c>, or <c>test-hosts.log</c> beside the test assembly.
/// </summary>
public static class TestHostLogs
{
    // Declared before the writer, which opens it: static fields start in the order they are written.
    public static string Path { get; } = Environment.GetEnvironmentVariable("FAUCET_TEST_HOST_LOG") is { Length: > 0 } chosen
        ? chosen
        : System.IO.Path.Combine(AppContext.BaseDirectory, "test-hosts.log");

    private static readonly Lock Gate = new();
    private static readonly StreamWriter Writer = Open();

    /// <summary>Replaces the host's log providers (the console) with the run's file.</summary>
    public static void Use(IServiceCollection services) => services.AddLogging(logging =>
    {
        logging.ClearProviders();
        logging.AddProvider(new Provider());
    });

    private static StreamWriter Open()
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        return new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    private static void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);
        var head = $"{at} {Level(level)} {category}{(eventId.Name is { } name ? "[" + name + "]" : "")}";
        var lines = (exception is null ? message : message + "\n" + exception).Split('\n');
        lock (Gate)
        {
            Writer.WriteLine($"{head} {lines[0].TrimEnd('\r')}");
            // Each line of a stack trace carries the time too, so a window of time takes whole entries.
            foreach (var line in lines.Skip(1))
            {
                Writer.WriteLine($"{at}     {line.TrimEnd('\r')}");
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "FAIL",
        _ => "CRIT",
    };

    private sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Write(logLevel, category, eventId, formatter(state, exception), exception);
    }
}
