namespace Faucet.Kills;

/// <summary>The kill verifier's tables: who is due (from <c>player_epic_links</c>) and what each look found
/// (<c>kill_verifications</c>).</summary>
public interface IKillVerifications
{
    /// <summary>Up to <paramref name="limit"/> players linked to an Epic account, the longest unchecked first.</summary>
    Task<IReadOnlyList<KillCandidate>> DueAsync(int limit, CancellationToken cancellationToken);

    Task RecordAsync(KillCandidate player, DateTimeOffset at, string outcome, long? kills, CancellationToken cancellationToken);
}
