using Faucet.Feed;
using Faucet.Webhooks;
using Microsoft.Extensions.Logging;
using Faucet.Telemetry;

namespace Faucet.Payouts;

/// <summary>Tells the live feed and operators' webhook endpoints about payouts the node confirmed, and the endpoints
/// about payouts that failed.</summary>
public static partial class PayoutAnnouncements
{
    /// <summary>payout.failed to the webhook endpoints that want it: the amount is pending for the player again.</summary>
    public static async Task AnnounceFailedAsync(this Grain grain, IReadOnlyList<PayoutView> failed, ILogger logger)
    {
        foreach (var payout in failed)
        {
            FaucetMetrics.PayoutFinished("failed", payout.Request.Amount);
        }
        await grain.PublishWebhooksAsync(WebhookEvents.PayoutFailed, failed.Select(p => ("payout.failed:" + p.PayoutId, (object)
                new { payoutId = p.PayoutId, userId = p.Request.UserId, round = p.Request.Round, destination = p.Request.Destination.Value, amount = p.Request.Amount.ToString(), reason = p.LastError }))
            .ToList(), DateTimeOffset.UtcNow, logger);
    }

    /// <summary>Best effort: the payouts are sent and recorded either way, and the feed's history can be rebuilt
    /// from the payouts table, so a failure here is logged and not retried.</summary>
    public static async Task AnnounceSentAsync(this Grain grain, IReadOnlyList<PayoutView> sent, ILogger logger)
    {
        if (sent.Count == 0)
        {
            return;
        }
        foreach (var payout in sent)
        {
            FaucetMetrics.PayoutFinished("sent", payout.Request.Amount);
        }
        // One statement for the whole batch, however many payouts it holds.
        await grain.PublishWebhooksAsync(WebhookEvents.PayoutSent, sent.Select(p => ("payout.sent:" + p.PayoutId, (object)
                new { payoutId = p.PayoutId, userId = p.Request.UserId, round = p.Request.Round, destination = p.Request.Destination.Value, amount = p.Request.Amount.ToString(), block = p.Block!.Value.ToString() }))
            .ToList(), sent[0].UpdatedAt, logger);
        var streams = grain.GetStreamProvider(FeedStreams.ProviderName);
        var events = sent.Select(p =>
            new PayoutSentEvent(p.PayoutId, p.Request.UserId, p.Request.Round, p.Request.Destination, p.Request.Amount, p.Block!.Value, p.UpdatedAt)).ToList();
        // One message per stream for the whole batch (the memory queues hold a bounded number of messages), and each
        // stream on its own: the leaderboard still hears of payouts the feed could not take, and the other way round.
        foreach (var stream in new[] { StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey), StreamId.Create(FeedStreams.LeaderboardNamespace, Leaderboards.Boards.Ban) })
        {
            try
            {
                await streams.GetStream<PayoutSentEvent>(stream).OnNextBatchAsync(events);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogAnnounceFailed(logger, sent.Count, stream.ToString(), e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} payouts were sent but {Stream} was not told")]
    private static partial void LogAnnounceFailed(ILogger logger, int count, string stream, Exception exception);
}
