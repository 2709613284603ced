namespace Faucet.Webhooks;

/// <summary>One operator endpoint, keyed by its id: sends its pending deliveries in order, retrying each with growing
/// delays for about a day, and disables itself when the endpoint answers 410 Gone. A reminder keeps it looking while it
/// is enabled, so a delivery recorded while it was not told still goes out.</summary>
[Alias("faucet.IWebhookEndpointGrain")]
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    /// <summary>Delivers what is due now (and schedules the rest).</summary>
    [Alias("Poke")]
    Task PokeAsync();

    /// <summary>An operator (<paramref name="actor"/>) sends the endpoint a <see cref="WebhookEvents.Test"/> event,
    /// audited; returns its message id, or null when the endpoint is unknown or disabled.</summary>
    [Alias("SendTest")]
    Task<string?> SendTestAsync(string actor);
}
