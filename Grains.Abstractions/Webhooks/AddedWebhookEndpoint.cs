namespace Faucet.Webhooks;

/// <param name="Secret">The signing secret (whsec_…): shown this once.</param>
[GenerateSerializer, Immutable, Alias("faucet.AddedWebhookEndpoint")]
public sealed record AddedWebhookEndpoint(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] string Secret);
