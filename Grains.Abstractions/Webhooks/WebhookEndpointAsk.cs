namespace Faucet.Webhooks;

/// <summary>An operator asks for an endpoint: its absolute http(s) URL and the events (of <see cref="WebhookEvents.All"/>) it wants.</summary>
[GenerateSerializer, Immutable, Alias("faucet.WebhookEndpointAsk")]
public sealed record WebhookEndpointAsk(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] string Actor);
