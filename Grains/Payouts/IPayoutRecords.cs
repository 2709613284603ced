namespace Faucet.Payouts;

/// <summary>The payouts and payout_events tables, written at each transition for audit and queries.</summary>
public interface IPayoutRecords
{
    Task RecordAsync(PayoutView payout, string? detail, CancellationToken cancellationToken);
}
