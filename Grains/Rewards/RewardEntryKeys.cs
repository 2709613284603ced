namespace Faucet.Rewards;

/// <summary>
/// The idempotency key of every kind of reward journal entry, <c>kind:what makes it one of a kind</c>, for every writer
/// (the account grain and the batched SQL alike). Keys of stored rows are never derived again except through these,
/// so a format may only change for a kind whose old keys nothing looks up.
/// </summary>
/// <remarks>Click runs were keyed <c>clicks@seq</c> until migration 0017; those rows stay as they are: a run is found
/// by its <c>click_seq</c>, never by its key, and a new run's seq is always beyond every stored one.</remarks>
public static class RewardEntryKeys
{
    public static string Baseline(long lifetimeKills) => $"baseline:{lifetimeKills}";

    public static string Kills(long lifetimeKills) => $"kills:{lifetimeKills}";

    public static string Grant(string key) => $"grant:{key}";

    /// <summary>Followed by the number of the last click the run accrues.</summary>
    public const string ClicksPrefix = "clicks:";

    public static string Reserve(long round) => $"reserve:{round}";

    public static string Commit(long round) => $"commit:{round}";

    public static string Release(long round) => $"release:{round}";
}
