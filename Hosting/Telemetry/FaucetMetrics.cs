using System.Diagnostics.Metrics;
using Faucet.Money;

namespace Faucet.Telemetry;

/// <summary>
/// Faucet's own instruments, on one meter. They are created once per process, when this class is first used, and
/// every silo and Api records into them; the OpenTelemetry SDK (see <see cref="FaucetTelemetry"/>) exports them.
/// Tags are low-cardinality words (an outcome, a source), never a user, a payout id or an amount.
/// </summary>
public static class FaucetMetrics
{
    public const string MeterName = "Faucet";

    private static readonly Meter Meter = new(MeterName, typeof(FaucetMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> AccrualEntries = Meter.CreateCounter<long>(
        "faucet.accruals", "{accrual}", "Reward journal entries that added to a pending balance, by source (kills, clicks, grant).");

    private static readonly Counter<double> AccruedBan = Meter.CreateCounter<double>(
        "faucet.accrued", "{BAN}", "BAN added to pending balances, by source.");

    private static readonly Counter<long> FinalPayouts = Meter.CreateCounter<long>(
        "faucet.payouts", "{payout}", "Payouts that reached a final status: sent, failed, dry_run.");

    private static readonly Counter<double> FinalPayoutBan = Meter.CreateCounter<double>(
        "faucet.payouts.amount", "{BAN}", "BAN in payouts that reached a final status, by status.");

    private static readonly Counter<long> PayoutAttempts = Meter.CreateCounter<long>(
        "faucet.payout.attempts", "{attempt}",
        "Attempts at a payout, by outcome: sent; retry (the node did not confirm, tried again later); failed; dry_run; held (attempted live before, waiting for dry_run to be off).");

    private static readonly Histogram<double> NodeRequests = Meter.CreateHistogram(
        "faucet.node.request.duration", "s", "Banano node RPC calls, by action and outcome (ok, unreachable, rejected, insufficient_balance, invalid_response).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> Rounds = Meter.CreateCounter<long>(
        "faucet.settlement.rounds", "{round}", "Settlement rounds that ended, by outcome: done, below_floor, balance_unknown.");

    private static readonly Histogram<double> RoundDuration = Meter.CreateHistogram(
        "faucet.settlement.round.duration", "s", "From a settlement round's start to its end, for rounds that paid.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });

    private static readonly Histogram<long> RoundPayouts = Meter.CreateHistogram(
        "faucet.settlement.round.payouts", "{payout}", "Payouts started by each settlement round that paid.",
        tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 10, 100, 1000, 10000, 100000] });

    private static readonly Counter<long> KillVerifications = Meter.CreateCounter<long>(
        "faucet.kill.verifications", "{verification}",
        "Lifetime kill counts asked of the Fortnite stats API, by outcome: kills, private, unknown, rate_limited (HTTP 429), unavailable, error.");

    private static readonly Counter<long> Clicks = Meter.CreateCounter<long>(
        "faucet.clicks", "{click}", "Clicks judged by the clicker, by outcome: accepted, or the reason it was refused.");

    private static readonly UpDownCounter<long> FeedConnections = Meter.CreateUpDownCounter<long>(
        "faucet.feed.connections", "{connection}", "Live feed WebSockets open on this Api.");

    private static readonly Counter<long> FeedDropped = Meter.CreateCounter<long>(
        "faucet.feed.dropped", "{connection}", "Live feed WebSockets closed because the client fell too far behind.");

    private static readonly Counter<long> VanityKeys = Meter.CreateCounter<long>(
        "faucet.vanity.keys", "{key}", "Ed25519 keys generated and scored by vanity searches, by kind (pull, job); its rate is keys per second.");

    private static readonly Counter<long> VanityJobs = Meter.CreateCounter<long>(
        "faucet.vanity.jobs", "{job}", "Guaranteed vanity jobs entering a state: started, found, cancelled.");

    private static readonly Counter<long> Purchases = Meter.CreateCounter<long>(
        "faucet.purchases", "{purchase}", "Token purchases entering a state: pending, processing, completed, failed, cancelled, refunded.");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "faucet.webhook.deliveries", "{attempt}", "Outbound webhook delivery attempts, by outcome: delivered, retry (tried again later), failed (out of retries), gone (410: the endpoint is disabled).");

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "faucet.rate_limit.rejections", "{request}", "Requests the Api refused with 429, by policy.");

    private static int dryRun;

    private static readonly ObservableGauge<int> DryRunGauge = Meter.CreateObservableGauge(
        "app_dry_run", () => Volatile.Read(ref dryRun), description: "1 while dry_run is on: no real BAN is sent (payouts are recorded only, or in the demo paid through the simulated node).");

    private static int ready = -1;

    private static readonly ObservableGauge<int> ReadyGauge = Meter.CreateObservableGauge(
        "faucet.ready", ReadyMeasurements, description: "1 while this Api's readiness checks (PostgreSQL and the cluster) pass, 0 while they fail.");

    /// <summary>The result of the latest readiness check, for the <c>faucet.ready</c> gauge (reported only once known).</summary>
    public static void ReportReady(bool on)
    {
        _ = ReadyGauge;
        Volatile.Write(ref ready, on ? 1 : 0);
    }

    private static IEnumerable<Measurement<int>> ReadyMeasurements() =>
        Volatile.Read(ref ready) is var value and >= 0 ? [new Measurement<int>(value)] : [];

    /// <summary>What the <c>app_dry_run</c> gauge reports, set from configuration when a process starts.</summary>
    public static void ReportDryRun(bool on)
    {
        // Touching the gauge makes sure the class (and so every instrument) exists before the first scrape.
        _ = DryRunGauge;
        Volatile.Write(ref dryRun, on ? 1 : 0);
    }

    /// <summary>
    /// Puts a zero in every series of a silo's outcome counters, so that Prometheus sees each one before its first event:
    /// <c>increase()</c> counts nothing for the first sample of a series, and a rare event (a round below the floor, a
    /// failed payout) would otherwise never raise its alert.
    /// </summary>
    public static void StartSiloSeries()
    {
        Zero(Rounds, "outcome", "done", "below_floor", "balance_unknown");
        Zero(FinalPayouts, "status", "sent", "failed", "dry_run");
        Zero(PayoutAttempts, "outcome", "sent", "retry", "failed");
        Zero(KillVerifications, "outcome", "kills", "rate_limited", "unavailable", "error");
        Zero(WebhookDeliveries, "outcome", "delivered", "failed");
    }

    private static void Zero(Counter<long> counter, string tag, params string[] values)
    {
        foreach (var value in values)
        {
            counter.Add(0, Tag(tag, value));
        }
    }

    /// <summary>The Api's counterpart of <see cref="StartSiloSeries"/>.</summary>
    public static void StartApiSeries() => FeedDropped.Add(0);

    public static void Accrued(string source, BanAmount amount)
    {
        var tag = Tag("source", source);
        AccrualEntries.Add(1, tag);
        AccruedBan.Add(Ban(amount), tag);
    }

    public static void PayoutFinished(string status, BanAmount amount)
    {
        var tag = Tag("status", status);
        FinalPayouts.Add(1, tag);
        FinalPayoutBan.Add(Ban(amount), tag);
    }

    public static void PayoutAttempted(string outcome) => PayoutAttempts.Add(1, Tag("outcome", outcome));

    public static void NodeRequest(string action, string outcome, TimeSpan elapsed) =>
        NodeRequests.Record(elapsed.TotalSeconds, new("action", action), new("outcome", outcome));

    public static void RoundEnded(string outcome) => Rounds.Add(1, Tag("outcome", outcome));

    public static void RoundPaid(TimeSpan duration, long payouts)
    {
        RoundEnded("done");
        RoundDuration.Record(duration.TotalSeconds);
        RoundPayouts.Record(payouts);
    }

    public static void KillVerified(string outcome) => KillVerifications.Add(1, Tag("outcome", outcome));

    public static void Clicked(string outcome) => Clicks.Add(1, Tag("outcome", outcome));

    public static void FeedConnected() => FeedConnections.Add(1);

    public static void FeedDisconnected() => FeedConnections.Add(-1);

    public static void FeedDroppedSlow() => FeedDropped.Add(1);

    public static void VanityKeysSearched(string kind, long keys) => VanityKeys.Add(keys, Tag("kind", kind));

    public static void VanityJob(string state) => VanityJobs.Add(1, Tag("state", state));

    public static void Purchase(string state) => Purchases.Add(1, Tag("state", state));

    public static void WebhookDelivery(string outcome) => WebhookDeliveries.Add(1, Tag("outcome", outcome));

    public static void RateLimited(string policy) => RateLimitRejections.Add(1, Tag("policy", policy));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static double Ban(BanAmount amount) => (double)amount.Raw / (double)BanAmount.RawPerBan;
}
