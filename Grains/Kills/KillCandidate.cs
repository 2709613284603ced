namespace Faucet.Kills;

/// <param name="LastKills">The lifetime kills the API last reported for the player's current Epic account; null before
/// its first answer with kills (so the next answer sets the baseline).</param>
/// <param name="LastKillsAt">When <paramref name="LastKills"/> was reported.</param>
/// <param name="Banned">Whether an operator's ban is in force (when the pass started, and read again at the visit): the
/// player's kills then move the baseline up and earn nothing.</param>
public sealed record KillCandidate(string UserId, string EpicId, long? LastKills = null, DateTimeOffset? LastKillsAt = null, bool Banned = false)
{
    public bool HasBaseline => LastKills is not null;
}
