namespace Faucet.Api.Features.Webhooks;

/// <summary>One delivery of an event to an endpoint: pending (with its next attempt), delivered, failed or abandoned.</summary>
public sealed record WebhookDeliveryView(long DeliveryId, string MessageId, string EventType, string Status, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);
