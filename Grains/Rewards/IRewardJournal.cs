namespace Faucet.Rewards;

/// <summary>The append-only journal of reward accounts (table <c>reward_journal</c>).</summary>
public interface IRewardJournal
{
    Task<JournalAppend> AppendAsync(string userId, RewardEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends one <c>clicks</c> entry for the accepted clicks in <c>click_events</c> beyond the journal's
    /// click cursor and up to <paramref name="throughSeq"/>, at the account's next entry number.</summary>
    Task<ClickAccrual> AppendClicksAsync(string userId, long throughSeq, DateTimeOffset at, CancellationToken cancellationToken);

    Task<RewardEntry?> FindAsync(string userId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The user's entries after <paramref name="entryNo"/>, in order.</summary>
    Task<IReadOnlyList<RewardEntry>> ReadAfterAsync(string userId, long entryNo, CancellationToken cancellationToken);
}
