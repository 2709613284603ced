namespace Faucet.Webhooks;

/// <summary>A delivery due for sending.</summary>
public sealed record WebhookDelivery(long DeliveryId, string MessageId, string EventType, string Payload, int Attempts);
