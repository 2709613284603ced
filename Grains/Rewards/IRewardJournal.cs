namespace Faucet.Rewards;

/// <summary>The append-only journal of reward accounts (table <c>reward_journal</c>) and the balances the database
/// derives from it (<c>reward_balances</c>), for the reward account grain.</summary>
public interface IRewardJournal
{
    /// <summary>Appends <paramref name="entry"/> unless its key or its number is taken. Throws
    /// <see cref="RewardConflictException"/> when the account refuses the entry.</summary>
    Task<JournalAppend> AppendAsync(string userId, RewardEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends one <c>clicks</c> entry for the accepted clicks in <c>click_events</c> beyond the journal's
    /// click cursor and up to <paramref name="throughSeq"/>, at the account's next entry number, under
    /// <paramref name="boost"/> when one is in force.</summary>
    Task<ClickRun> AppendClicksAsync(string userId, long throughSeq, DateTimeOffset at, Boosts.BoostInForce? boost);

    Task<RewardBalance> ReadBalanceAsync(string userId, CancellationToken cancellationToken);
}
