using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Silo.Hosting;
using Faucet.Silo.Schema;
using Faucet.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using OpenTelemetry.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faucet.Silo;

/// <summary>Builds the silo process: configuration (appsettings, environment, command line), the three YAML
/// files, and Orleans with the Faucet providers.</summary>
public static partial class FaucetSiloHost
{
    /// <param name="services">Changes to the services after Faucet's own, for hosts that embed the silo (tests
    /// set the clock this way).</param>
    public static IHost Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = OrleansHostSettings.From(builder.Configuration);
        var configuration = FaucetConfigurationLoader.Load(builder.Configuration);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Logging.AddFaucetJsonConsole([.. ConfigurationPrinter.Secrets(configuration), settings.DatabasePassword]);
        builder.Services.AddFaucetTelemetry(builder.Configuration, "faucet-silo", configuration.Integrations.DryRun, metrics => metrics.AddPrometheusExporter(),
            startSeries: FaucetMetrics.StartSiloSeries);
        // The silo's only HTTP is Prometheus's /metrics, on its metrics port; with none it listens on a loopback port
        // of the system's choosing and answers nothing there.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (settings.MetricsPort > 0)
            {
                kestrel.ListenAnyIP(settings.MetricsPort);
            }
            else
            {
                kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            }
        });
        builder.UseOrleans(silo =>
        {
            silo.AddFaucet(settings, configuration);
            if (FaucetTelemetry.ExportsTraces(builder.Configuration))
            {
                // A grain call continues the caller's trace (W3C trace context in the call). Only with a collector:
                // carrying it on every call costs the click benchmark about a fifth of its throughput.
                silo.AddActivityPropagation();
            }
        });
        services?.Invoke(builder.Services);

        var host = builder.Build();
        if (settings.MetricsPort > 0)
        {
            host.MapPrometheusScrapingEndpoint();
        }
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Faucet.Silo");
        if (logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // guarded by IsEnabled: the masked print is built only when it is logged
            LogConfiguration(logger, settings.ClusterId, settings.SiloPort, settings.GatewayPort, settings.MetricsPort, ConfigurationPrinter.Print(configuration));
#pragma warning restore CA1873
        }
        return host;
    }

    /// <summary>Applies the schema scripts shipped with the binary to the configured database.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = OrleansHostSettings.From(builder.Configuration);
        await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
        using var logging = LoggerFactory.Create(l => l.AddSimpleConsole());
        var migrator = new SchemaMigrator(database, SchemaScripts.Bundled(), logging.CreateLogger<SchemaMigrator>());
        return await migrator.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Faucet silo for cluster {ClusterId} on silo port {SiloPort}, gateway port {GatewayPort}, metrics port {MetricsPort}; configuration:\n{Configuration}")]
    private static partial void LogConfiguration(ILogger logger, string clusterId, int siloPort, int gatewayPort, int metricsPort, string configuration);
}
