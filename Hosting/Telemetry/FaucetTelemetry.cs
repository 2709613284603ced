using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Faucet.Telemetry;

/// <summary>
/// Metrics, traces and logs the same way in every silo and Api. Metrics always: the Orleans meter, the HTTP client and
/// runtime instrumentation and Faucet's own meter, for the host's Prometheus endpoint (and OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). Traces only when that endpoint is set: spans of Faucet's work, of
/// application grain calls (with W3C trace context carried from the Api into the silos) and of outbound HTTP, sampled as
/// <c>OTEL_TRACES_SAMPLER</c> says (every request unless told otherwise). Spans, and trace context carried on every grain
/// call, took a quarter of the click benchmark's throughput; without a collector to send them to there are none, and
/// only the Api's request log lines carry a trace id (ASP.NET Core's own).
/// </summary>
public static class FaucetTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>Whether spans are made and exported: only for a collector.</summary>
    public static bool ExportsTraces(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <param name="metrics">The host's own meters and its Prometheus exporter.</param>
    /// <param name="tracing">The host's own span sources, when traces are exported.</param>
    /// <param name="startSeries">Zeroes the host's outcome counters, once the meter provider listens (at host start).</param>
    public static IServiceCollection AddFaucetTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, bool dryRun,
        Action<MeterProviderBuilder> metrics, Action<TracerProviderBuilder>? tracing = null, Action? startSeries = null)
    {
        FaucetMetrics.ReportDryRun(dryRun);
        var otlp = ExportsTraces(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName,
                serviceVersion: typeof(FaucetTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(builder =>
            {
                builder.AddMeter(FaucetMetrics.MeterName, OrleansMeter).AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                metrics(builder);
                if (otlp)
                {
                    builder.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(builder =>
            {
                builder.AddSource(FaucetTracing.SourceName, OrleansApplicationSource).AddHttpClientInstrumentation();
                tracing?.Invoke(builder);
                builder.AddOtlpExporter();
            });
        }
        if (startSeries is not null)
        {
            // Registered after the OpenTelemetry service, so it starts after the meter provider exists: a measurement
            // made before anything listens is lost.
            services.AddHostedService(_ => new SeriesStarter(startSeries));
        }
        return services;
    }

    private sealed class SeriesStarter(Action start) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Console logs as one JSON object per line, with the trace and span of the work they were written in, through
    /// <see cref="JsonLogFormatter"/> whatever the configuration names: it is where <paramref name="secrets"/> and
    /// anything that looks like a credential are masked, so it is the only way out.
    /// </summary>
    public static ILoggingBuilder AddFaucetJsonConsole(this ILoggingBuilder logging, IEnumerable<string?> secrets)
    {
        logging.Services.AddSingleton(new LogRedactor(secrets));
        logging.Services.AddSingleton(new OutageLogThrottle(TimeProvider.System, OutageLogThrottle.DefaultInterval));
        logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        logging.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = JsonLogFormatter.FormatterName);
        return logging;
    }
}
