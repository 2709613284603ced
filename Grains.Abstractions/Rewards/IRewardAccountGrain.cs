using Faucet.Money;
using Orleans.Concurrency;

namespace Faucet.Rewards;

/// <summary>
/// One player's reward account, keyed by user id: what they have earned and not yet been paid, and what
/// settlement rounds have set aside (rounds append their reservations, commits and releases through the reward
/// journal's batch store, many players at once, not through this grain). Every change is first appended to the reward journal under an
/// idempotency key: repeating a command returns the entry it made the first time and changes nothing; the same
/// key with different data is refused with <see cref="RewardConflictException"/>.
/// </summary>
[Alias("faucet.IRewardAccountGrain")]
public interface IRewardAccountGrain : IGrainWithStringKey
{
    /// <summary>Records the lifetime kill count at wallet link time; only kills above it ever earn.</summary>
    [Alias("SetKillBaseline")]
    Task<RewardEntry?> SetKillBaselineAsync(long lifetimeKills);

    /// <summary>Accrues the kills above the cursor at the per-kill amount and moves the cursor to
    /// <paramref name="lifetimeKills"/>. Null when there is nothing new (the count did not grow).</summary>
    [Alias("AccrueKills")]
    Task<RewardEntry?> AccrueKillsAsync(long lifetimeKills);

    /// <summary>Accrues the reward of the player's accepted clicks recorded (in <c>click_events</c>) after the last
    /// run accrued and up to click <paramref name="throughSeq"/>, as one entry. The journal holds how far clicks are
    /// accrued, so a click is accrued once however often this is called, and by whom.</summary>
    [Alias("AccrueRecordedClicks")]
    Task<ClickAccrual> AccrueRecordedClicksAsync(long throughSeq);

    /// <summary>Adds an operator's grant (a manual payout) to the pending balance, once per <paramref name="key"/>.</summary>
    [Alias("Grant")]
    Task<RewardEntry> GrantAsync(string key, BanAmount amount);

    /// <summary>The balances as the journal has them now, settlement's entries included.</summary>
    [Alias("GetBalance")]
    Task<RewardBalance> GetBalanceAsync();

    /// <summary>The balances and what the payout caps leave now, for the player's status: from the account's memory
    /// while nothing has changed them since it last read them (every writer of the journal and of payouts tells it,
    /// <see cref="JournalChangedAsync"/>), and read afresh otherwise or after half a minute.</summary>
    [Alias("GetStanding")]
    Task<RewardStanding> GetStandingAsync();

    /// <summary>A settlement round, a payout's attempt or a manual payout has committed entries or payouts of this
    /// player: what the account holds in memory is out of date.</summary>
    [AlwaysInterleave, Alias("JournalChanged")]
    Task JournalChangedAsync();
}
