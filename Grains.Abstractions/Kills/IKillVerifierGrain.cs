namespace Faucet.Kills;

/// <summary>
/// The kill verifier (one, key <c>default</c>): every <c>verify_every_minutes</c> a reminder starts a pass over the
/// players linked to an Epic account, longest unchecked first, asking the Fortnite stats API for each one's lifetime
/// kills within its rate limits, and accruing the kills above each player's cursor.
/// </summary>
[Alias("faucet.IKillVerifierGrain")]
public interface IKillVerifierGrain : IGrainWithStringKey
{
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>Starts a pass now (unless one is under way); how many players it will visit.</summary>
    [Alias("RunNow")]
    Task<int> RunNowAsync();

    [Alias("Get")]
    Task<KillVerifierView> GetAsync();
}
