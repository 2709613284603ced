namespace Faucet.Kills;

/// <summary>The kill verifier's tables: who is due (from <c>player_epic_links</c>) and what each look found
/// (<c>kill_verifications</c>).</summary>
public interface IKillVerifications
{
    /// <summary>Up to <paramref name="limit"/> players linked to an Epic account, the longest unchecked first, each with
    /// their last count and whether they are banned at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<KillCandidate>> DueAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordAsync(KillCandidate player, DateTimeOffset at, string outcome, long? kills, CancellationToken cancellationToken);

    /// <summary>Whether an operator's ban of the player is in force at <paramref name="now"/>.</summary>
    Task<bool> IsBannedAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Flags the player for an operator to look at (table <c>player_flags</c>).</summary>
    Task FlagAsync(string userId, string kind, object detail, DateTimeOffset at, CancellationToken cancellationToken);
}
