using Faucet.Feed;
using Microsoft.Extensions.Logging;

namespace Faucet.Payouts;

/// <summary>Tells the live feed about payouts the node confirmed.</summary>
public static partial class PayoutAnnouncements
{
    /// <summary>Best effort: the payouts are sent and recorded either way, and the feed's history can be rebuilt
    /// from the payouts table, so a failure here is logged and not retried.</summary>
    public static async Task AnnounceSentAsync(this Grain grain, IReadOnlyList<PayoutView> sent, ILogger logger)
    {
        if (sent.Count == 0)
        {
            return;
        }
        try
        {
            var streams = grain.GetStreamProvider(FeedStreams.ProviderName);
            var events = sent.Select(p =>
                new PayoutSentEvent(p.PayoutId, p.Request.UserId, p.Request.Round, p.Request.Destination, p.Request.Amount, p.Block!.Value, p.UpdatedAt)).ToList();
            // One message per stream for the whole batch: the memory queues hold a bounded number of messages.
            await streams.GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.GlobalNamespace, FeedStreams.GlobalKey)).OnNextBatchAsync(events);
            await streams.GetStream<PayoutSentEvent>(StreamId.Create(FeedStreams.LeaderboardNamespace, Leaderboards.Boards.Ban)).OnNextBatchAsync(events);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(logger, sent.Count, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} payouts were sent but the feed was not told")]
    private static partial void LogAnnounceFailed(ILogger logger, int count, Exception exception);
}
