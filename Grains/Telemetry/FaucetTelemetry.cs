using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Faucet.Telemetry;

/// <summary>
/// Metrics, traces and logs the same way in every silo and Api: the Orleans meter, the HTTP client and runtime
/// instrumentation and Faucet's own meter; spans of Faucet's work, of application grain calls and of outbound HTTP;
/// OTLP export of both when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and none when it is not (the spans still
/// exist, so that every log line carries the trace it belongs to). Each host adds its Prometheus endpoint.
/// </summary>
public static class FaucetTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    public static OpenTelemetryBuilder AddFaucetTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, bool dryRun)
    {
        FaucetMetrics.ReportDryRun(dryRun);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName,
                serviceVersion: typeof(FaucetTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FaucetMetrics.MeterName, OrleansMeter).AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(FaucetTracing.SourceName, OrleansApplicationSource).AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
    }

    /// <summary>
    /// Console logs as one JSON object per line, with the trace and span of the work they were written in, through
    /// <see cref="JsonLogFormatter"/> whatever the configuration names: it is where <paramref name="secrets"/> and
    /// anything that looks like a credential are masked, so it is the only way out.
    /// </summary>
    public static ILoggingBuilder AddFaucetJsonConsole(this ILoggingBuilder logging, IEnumerable<string?> secrets)
    {
        logging.Services.AddSingleton(new LogRedactor(secrets));
        logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        logging.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = JsonLogFormatter.FormatterName);
        return logging;
    }
}
