using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>The <c>manual_payouts</c> table: requests, decisions and the payout each led to.</summary>
public interface IManualPayoutStore
{
    /// <summary>
    /// Records a new request under <paramref name="idempotencyKey"/>, approved at once when the player's manual payouts
    /// of the last 24 hours (not rejected), this one included, come to no more than <paramref name="approvalThreshold"/>:
    /// the requester's word is enough then. If the key was used before, nothing is recorded and the first request is
    /// returned (the caller compares it with what was asked).
    /// </summary>
    Task<(ManualPayoutRequest Request, bool Created)> CreateAsync(string idempotencyKey, string userId, BananoAddress destination, BanAmount amount,
        string reason, string requestedBy, BanAmount approvalThreshold, DateTimeOffset now, CancellationToken cancellationToken);

    Task<ManualPayoutRequest?> GetAsync(long number, CancellationToken cancellationToken);

    /// <summary>Moves a request that awaits approval to <paramref name="status"/>; false (and nothing changed) when it
    /// no longer awaits approval.</summary>
    Task<bool> DecideAsync(long number, string status, string by, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetPayoutAsync(long number, string payoutId, CancellationToken cancellationToken);

    /// <summary>Marks an approved request whose grant a settlement round set aside first (so that it is never reserved
    /// again from the player's other earnings).</summary>
    Task SettleByRoundAsync(long number, CancellationToken cancellationToken);

    /// <summary>Newest first, after <paramref name="before"/> (a number) when given.</summary>
    Task<IReadOnlyList<ManualPayoutRequest>> ListAsync(string? status, long? before, int limit, CancellationToken cancellationToken);
}
