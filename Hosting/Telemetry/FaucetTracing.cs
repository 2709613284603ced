using System.Diagnostics;

namespace Faucet.Telemetry;

/// <summary>The activity source of Faucet's own spans: the work that matters inside the cluster (a settlement round's
/// planning and its turns, a payout attempt, a kill verification, a vanity job's slice). HTTP requests, grain calls and
/// outbound HTTP calls get theirs from ASP.NET Core, Orleans and the HTTP client instrumentation.</summary>
public static class FaucetTracing
{
    public const string SourceName = "Faucet";

    public static readonly ActivitySource Source = new(SourceName, typeof(FaucetTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Marks the span as failed with the exception's type and message (never its data).</summary>
    public static void Fail(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name + ": " + exception.Message);
    }
}
