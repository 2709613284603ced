namespace Faucet.Payouts;

/// <summary>
/// The payouts table, which is each payout's state, and the reward journal entries that go with it. Every write
/// takes many payouts at once, so that a settlement round spends a few statements per batch of players rather
/// than several per player; a single payout is a batch of one.
/// </summary>
public interface IPayoutStore
{
    Task<PayoutView?> GetAsync(string payoutId, CancellationToken cancellationToken);

    /// <summary>
    /// For each request, in one statement: reserves its amount on the player's reward account for its round
    /// (a <c>reserve</c> journal entry) and records the pending intent, or neither. A request is left out when
    /// the account no longer holds the amount or another writer appended to it at the same moment; the ids of the
    /// payouts recorded are returned. With <paramref name="countFirstAttempt"/> the intent already counts the
    /// attempt about to be made, so that attempts survive a crash during the send.
    /// </summary>
    Task<IReadOnlySet<string>> ReserveAndRecordAsync(IReadOnlyList<PayoutRequest> requests, bool countFirstAttempt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts one more attempt for each payout that is still pending, before it is sent again, and
    /// returns them as they are now (final ones are left out: they need no attempt).</summary>
    Task<IReadOnlyList<PayoutView>> CountAttemptsAsync(IReadOnlyList<string> payoutIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcomes in one transaction, each with a status history event, and returns the ids of the
    /// payouts it changed. A payout leaves pending once: an outcome for one that is already final changes nothing,
    /// and neither does one for an attempt that a newer attempt has overtaken. A final payout gets its journal entry
    /// in the same transaction: <c>commit</c> of the round's reservation when sent, <c>release</c> when it failed or
    /// was a dry run.
    /// </summary>
    Task<IReadOnlySet<string>> CompleteAsync(IReadOnlyList<PayoutOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken);
}
