using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.Webhooks;

/// <summary>How grains publish an event to operators' endpoints: a delivery row per subscribed endpoint,
/// then a poke to each endpoint's grain (whose reminder finds the delivery anyway if the poke is lost).</summary>
public static partial class WebhookPublishing
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="messageId">Unique per event: the same event published again is delivered once.</param>
    private static async Task PublishAsync(IWebhookStore store, IGrainFactory grains, string eventType, string messageId, object data, DateTimeOffset now,
        ILogger logger)
    {
        try
        {
            var payload = PayloadOf(eventType, data, now);
            foreach (var endpoint in await store.PublishAsync(eventType, messageId, payload, now, onlyEndpoint: null, CancellationToken.None))
            {
                await grains.GetGrain<IWebhookEndpointGrain>(endpoint).PokeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort, like the live feed: what happened is recorded either way.
            LogNotPublished(logger, eventType, messageId, e);
        }
    }

    /// <summary>Many events at once (one statement), from inside a grain.</summary>
    public static async Task PublishWebhooksAsync(this Grain grain, string eventType, IReadOnlyList<(string MessageId, object Data)> events, DateTimeOffset now, ILogger logger)
    {
        if (events.Count == 0)
        {
            return;
        }
        var services = ((IGrainBase)grain).GrainContext.ActivationServices;
        try
        {
            var rows = events.Select(e => (eventType, e.MessageId, PayloadOf(eventType, e.Data, now))).ToList();
            foreach (var endpoint in await services.GetRequiredService<IWebhookStore>().PublishManyAsync(rows, now, CancellationToken.None))
            {
                await services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookEndpointGrain>(endpoint).PokeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotPublished(logger, eventType, $"{events.Count} events", e);
        }
    }

    /// <summary>From inside a grain, with the silo's store.</summary>
    public static Task PublishWebhookAsync(this Grain grain, string eventType, string messageId, object data, DateTimeOffset now, ILogger logger) =>
        PublishAsync(((IGrainBase)grain).GrainContext.ActivationServices.GetRequiredService<IWebhookStore>(),
            ((IGrainBase)grain).GrainContext.ActivationServices.GetRequiredService<IGrainFactory>(), eventType, messageId, data, now, logger);

    /// <summary>The body every endpoint receives for an event.</summary>
    internal static string PayloadOf(string eventType, object data, DateTimeOffset now) =>
        JsonSerializer.Serialize(new { type = eventType, timestamp = now, data }, Json);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventType} {MessageId} was not published")]
    private static partial void LogNotPublished(ILogger logger, string eventType, string messageId, Exception exception);
}
