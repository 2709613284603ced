namespace Faucet.Api.Features.Webhooks;

/// <summary>An operator's webhook endpoint (never its secret, which is shown once, when it is added).</summary>
public sealed record WebhookEndpointView(string EndpointId, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason,
    long Pending, long Delivered, long Failed, DateTimeOffset CreatedAt);
