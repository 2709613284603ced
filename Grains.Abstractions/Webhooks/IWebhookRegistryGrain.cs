namespace Faucet.Webhooks;

/// <summary>Adds operators' webhook endpoints: each gets its id and signing secret here, is told to look for work, and
/// the addition is audited under the operator.</summary>
[Alias("faucet.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The answer is the one place the endpoint's secret is ever shown.</summary>
    [Alias("Add")]
    Task<AddedWebhookEndpoint> AddAsync(WebhookEndpointAsk ask);
}
