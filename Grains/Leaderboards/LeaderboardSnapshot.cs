namespace Faucet.Leaderboards;

/// <param name="Scores">Each player's score today, this week and ever (raw BAN, or clicks).</param>
/// <param name="Through">For the payouts board: the time of the latest payout in the scores (null for none, and for
/// the clicks board, which is fed running totals).</param>
/// <param name="CountedNear">For the payouts board: the ids of the payouts in the scores sent within
/// <see cref="LeaderboardScores.Overlap"/> of <paramref name="Through"/>.</param>
public sealed record LeaderboardSnapshot(
    IReadOnlyList<(string UserId, UInt128 Day, UInt128 Week, UInt128 All)> Scores,
    DateTimeOffset? Through,
    IReadOnlyList<string> CountedNear);
