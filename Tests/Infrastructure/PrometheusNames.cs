using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Faucet.Telemetry;

namespace Faucet.Tests.Infrastructure;

/// <summary>The names Prometheus sees for Faucet's own instruments: the OpenTelemetry exporter's rule (dots to
/// underscores, a unit of seconds as <c>_seconds</c>, annotation units such as <c>{payout}</c> dropped, <c>_total</c>
/// on counters, <c>_bucket</c>/<c>_sum</c>/<c>_count</c> for histograms). The scale-out test checks the rule against
/// real scrapes.</summary>
public static class PrometheusNames
{
    public static IReadOnlySet<string> OfFaucetInstruments()
    {
        RuntimeHelpers.RunClassConstructor(typeof(FaucetMetrics).TypeHandle);
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == FaucetMetrics.MeterName)
                {
                    lock (names)
                    {
                        names.UnionWith(Of(instrument));
                    }
                }
            },
        };
        // Start hands over every instrument created so far.
        listener.Start();
        return names;
    }

    private static IEnumerable<string> Of(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>))
        {
            return [name + "_total"];
        }
        if (kind == typeof(Histogram<>))
        {
            return [name + "_bucket", name + "_sum", name + "_count"];
        }
        return [name];
    }
}
