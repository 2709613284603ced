namespace Faucet.Integrations.Payments;

/// <summary>The <c>stripe_events</c> table: the Stripe events handled, so that a delivery repeated is not handled twice.</summary>
public interface IStripeEventStore
{
    Task<bool> HandledAsync(string eventId, CancellationToken cancellationToken);

    Task RecordAsync(string eventId, string type, string? purchaseId, DateTimeOffset handledAt, CancellationToken cancellationToken);
}
