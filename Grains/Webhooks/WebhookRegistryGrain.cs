using Faucet.Audit;
using Faucet.Hosting;
using Faucet.Players;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Faucet.Webhooks;

/// <summary>Adds operators' endpoints to <c>webhook_endpoints</c>. It holds no state (each endpoint's id is new, so two
/// additions never meet), so any silo can run it; sending is each endpoint's own grain's work.</summary>
[StatelessWorker]
public sealed class WebhookRegistryGrain(
    IWebhookStore store,
    IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time) : Grain, IWebhookRegistryGrain
{
    public async Task<AddedWebhookEndpoint> AddAsync(WebhookEndpointAsk ask)
    {
        var id = "wh_" + UserId.New(time).Value.ToLowerInvariant();
        var secret = WebhookSignature.NewSecret();
        await store.AddAsync(id, ask.Url, secret, ask.Events.Distinct().ToList(), ask.Actor, time.GetUtcNow(), CancellationToken.None);
        await GrainFactory.GetGrain<IWebhookEndpointGrain>(id).PokeAsync();
        await audit.RecordAsync(ask.Actor, "webhook.added", id, new { url = ask.Url, events = ask.Events }, CancellationToken.None);
        return new AddedWebhookEndpoint(id, ask.Url, ask.Events, secret);
    }
}
