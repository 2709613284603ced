namespace Faucet.Rewards;

/// <summary>What happened to an append: it was written, its idempotency key was already used (by
/// <see cref="Existing"/>), or its entry number was taken by another writer; and the account's balance right after.</summary>
public sealed record JournalAppend(JournalAppendOutcome Outcome, RewardBalance Balance, RewardEntry? Existing = null);
