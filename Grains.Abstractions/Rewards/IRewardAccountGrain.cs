using Faucet.Money;

namespace Faucet.Rewards;

/// <summary>
/// One player's reward account, keyed by user id: what they have earned and not yet been paid, and what
/// settlement rounds have set aside. Every change is first appended to the reward journal under an
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

    [Alias("AccrueClicks")]
    Task<RewardEntry> AccrueClicksAsync(string idempotencyKey, BanAmount amount);

    /// <summary>Accrues the reward of the player's accepted clicks recorded (in <c>click_events</c>) after the last
    /// run accrued and up to click <paramref name="throughSeq"/>, as one entry. The journal holds how far clicks are
    /// accrued, so a click is accrued once however often this is called, and by whom.</summary>
    [Alias("AccrueRecordedClicks")]
    Task<ClickAccrual> AccrueRecordedClicksAsync(long throughSeq);

    /// <summary>Adds an operator's grant (a manual payout) to the pending balance, once per <paramref name="key"/>.</summary>
    [Alias("Grant")]
    Task<RewardEntry> GrantAsync(string key, BanAmount amount);

    /// <summary>Sets <paramref name="amount"/> of the pending balance aside for a round. Once per round.</summary>
    [Alias("Reserve")]
    Task<RewardEntry> ReserveAsync(long round, BanAmount amount);

    /// <summary>The round paid: what it reserved is gone for good. Once per round.</summary>
    [Alias("Commit")]
    Task<RewardEntry> CommitAsync(long round);

    /// <summary>The round did not pay: what it reserved is pending again. Once per round.</summary>
    [Alias("Release")]
    Task<RewardEntry> ReleaseAsync(long round);

    /// <summary>What <paramref name="round"/> holds reserved on this account, or null if nothing (never
    /// reserved, or already committed or released).</summary>
    [Alias("GetReserved")]
    Task<BanAmount?> GetReservedAsync(long round);

    [Alias("GetBalance")]
    Task<RewardBalance> GetBalanceAsync();
}
