using Orleans.Concurrency;

namespace Faucet.Settlement;

/// <summary>
/// The settlement clock (key <c>default</c>): an Orleans reminder every <c>scheduler_minutes</c> opens the next
/// numbered round, unless the last one is still paying, so two rounds never run at once.
/// </summary>
[Alias("faucet.ISettlementSchedulerGrain")]
public interface ISettlementSchedulerGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the reminder exists (every silo calls this at start-up).</summary>
    [Alias("EnsureScheduled")]
    Task<SchedulerView> EnsureScheduledAsync();

    /// <summary>An operator's "run now": the same as a tick, audited under <paramref name="actor"/>.</summary>
    [Alias("RunNowBy")]
    Task<RoundView> RunNowAsync(string actor);

    [Alias("Get")]
    Task<SchedulerView> GetAsync();

    /// <summary>The schedule, the last round and every source account; answers while a round is being opened.</summary>
    [Alias("GetOverview"), AlwaysInterleave]
    Task<SettlementOverview> GetOverviewAsync();
}
