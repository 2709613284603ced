using Faucet.Configuration;
using Faucet.Feed;
using Faucet.Hosting;
using Faucet.Settlement;
using Orleans.Streams;

namespace Faucet.Api.Features.Live;

/// <summary>
/// This process's one subscription to the global feed stream, fanned out to its sockets: each payout goes to
/// <c>feed</c> and to the paid player's <c>account:&lt;id&gt;</c> channel, and each new top of a leaderboard to
/// <c>feed</c>. Every <c>tick_seconds</c> it also sends a
/// <c>tick</c> (pending BAN, players waiting, next settlement) to <c>feed</c>. When the cluster connection comes
/// back after a loss, the subscriptions are renewed.
/// </summary>
public sealed partial class LiveFeedService(
    IClusterClient cluster,
    LiveHub hub,
    FeedQueries queries,
    ProductOptions product,
    IntegrationsOptions integrations,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<LiveFeedService> logger) : BackgroundService
{
    private StreamSubscriptionHandle<object>? feed;
    private int renewals;
    private volatile bool stopping;
    // One subscribe at a time: the first connection is reported while StartAsync may still be subscribing.
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>How often the subscriptions were renewed after the cluster connection came back. Events published
    /// while this process was cut off are not delivered (the page reads <c>/api/v1/feed/recent</c> again).</summary>
    public int Renewals => Volatile.Read(ref renewals);

    // The feed carries several kinds of event; a subscription of object receives them all.
    private IAsyncStream<object> FeedStream =>
        cluster.GetStreamProvider(FeedStreams.ProviderName).GetStream<object>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            feed = await FeedStream.SubscribeAsync(OnFeedEventAsync);
        }
        finally
        {
            gate.Release();
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The cluster client reports its gateways again while it shuts down; there is nothing to renew then.
        stopping = true;
        await base.StopAsync(cancellationToken);
        // A renewal under way finishes first, so the subscription ended here is the last one made.
        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (feed is { } handle)
            {
                await handle.UnsubscribeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogResubscribeFailed(logger, e);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Called when the number of gateways this client is connected to changes.</summary>
    public void OnGatewaysChanged(GatewayCountChangedEventArgs change)
    {
        if (change.ConnectionRecovered && !stopping)
        {
            _ = RenewAsync();
        }
    }

    /// <summary>
    /// Subscribes afresh rather than resuming: a silo that took over the stream's queue while this client was away
    /// drops the subscriptions of clients it could not reach, and resuming a dropped subscription delivers nothing.
    /// The old subscription is ended first, so that one that did survive does not deliver everything twice.
    /// </summary>
    private async Task RenewAsync()
    {
        await gate.WaitAsync();
        try
        {
            // Not started yet (the client's first connection counts as recovered): StartAsync subscribes.
            if (feed is not { } old || stopping)
            {
                return;
            }
            await EndQuietlyAsync(old);
            feed = await FeedStream.SubscribeAsync(OnFeedEventAsync);
            await hub.ResubscribeAccountsAsync();
            Interlocked.Increment(ref renewals);
            LogResumed(logger);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogResubscribeFailed(logger, e);
        }
        finally
        {
            gate.Release();
        }
    }

    internal static async Task EndQuietlyAsync<T>(StreamSubscriptionHandle<T> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already gone: that is what ending it was for.
        }
    }

    private Task OnFeedEventAsync(object item, StreamSequenceToken? token)
    {
        switch (item)
        {
            case PayoutSentEvent sent:
                var payout = FeedPayout.From(sent, integrations.Banano.Mode == IntegrationMode.Simulated);
                hub.Publish(LiveHub.FeedChannel, "payout", payout);
                hub.Publish(LiveHub.AccountPrefix + payout.UserId, "payout", payout);
                break;
            case LeaderboardChangedEvent leaderboard:
                hub.Publish(LiveHub.FeedChannel, "leaderboard", leaderboard.Top);
                break;
        }
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(product.Live.TickSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!hub.IsWatched(LiveHub.FeedChannel))
            {
                continue;
            }
            try
            {
                var (pending, players) = await queries.PendingAsync(stoppingToken);
                var scheduler = await cluster.GetGrain<ISettlementSchedulerGrain>("default").GetAsync();
                hub.Publish(LiveHub.FeedChannel, "tick", new Tick(pending, players, scheduler.NextRunAt, scheduler.LastRound, time.GetUtcNow()));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                LogTickFailed(logger, e);
            }
        }
    }

    private sealed record Tick(Money.BanAmount PendingBan, long PlayersPending, DateTimeOffset? NextSettlementAt, long LastRound, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cluster connection is back: feed subscriptions renewed")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed subscription could not be resumed or ended")]
    private static partial void LogResubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A feed tick could not be made")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
