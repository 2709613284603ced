namespace Faucet.Webhooks;

/// <summary>The webhook tables.</summary>
public interface IWebhookStore
{
    Task AddAsync(string endpointId, string url, string secret, IReadOnlyList<string> events, string createdBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a delivery of the event for every enabled endpoint subscribed to its type (once per endpoint and
    /// message id), or only for <paramref name="onlyEndpoint"/>; returns the endpoints that got one.</summary>
    Task<IReadOnlyList<string>> PublishAsync(string eventType, string messageId, string payload, DateTimeOffset now, string? onlyEndpoint, CancellationToken cancellationToken);

    /// <summary>The same for many events in one statement (a settlement batch's payouts); returns the endpoints that got
    /// deliveries.</summary>
    Task<IReadOnlyList<string>> PublishManyAsync(IReadOnlyList<(string EventType, string MessageId, string Payload)> events, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The endpoint's url and secret, or null when it is unknown or disabled.</summary>
    Task<(string Url, string Secret)?> EndpointAsync(string endpointId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>When the endpoint's next pending delivery is due, or null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(string endpointId, CancellationToken cancellationToken);

    Task RecordAttemptAsync(long deliveryId, string status, int? httpStatus, string? failure, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Disables the endpoint and abandons its pending deliveries.</summary>
    Task DisableAsync(string endpointId, string reason, CancellationToken cancellationToken);

    /// <summary>Makes sure the endpoints of integrations.yaml exist (as <c>config-</c> and a hash of their URL) with their
    /// url, secret and events, and disables those no longer listed; returns their ids.</summary>
    Task<IReadOnlyList<string>> SyncConfiguredAsync(IReadOnlyList<(string Url, string Secret, IReadOnlyList<string> Events)> endpoints, DateTimeOffset now, CancellationToken cancellationToken);
}
