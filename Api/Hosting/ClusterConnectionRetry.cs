namespace Faucet.Api.Hosting;

/// <summary>
/// Keeps the front end trying to reach the cluster while it comes up: a fresh deployment starts the Api, the
/// silos and PostgreSQL together, and until a silo has applied the schema and joined there is no gateway to
/// find. Gives up after <see cref="Patience"/>, and at once when the host is stopping.
/// </summary>
public sealed partial class ClusterConnectionRetry(TimeProvider time, ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private DateTimeOffset? firstFailure;
    private int attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        firstFailure ??= now;
        if (cancellationToken.IsCancellationRequested || now - firstFailure > Patience)
        {
            return false;
        }

        attempts++;
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempts, 5))));
        LogWaiting(logger, attempts, delay.TotalSeconds, exception.Message);
        await Task.Delay(delay, time, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster is not reachable yet (attempt {Attempt}); trying again in {Seconds:0.0}s: {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, double seconds, string reason);
}
