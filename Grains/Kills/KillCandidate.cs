namespace Faucet.Kills;

/// <param name="HasBaseline">Whether the API has answered with kills for the player before (their baseline is set).</param>
public sealed record KillCandidate(string UserId, string EpicId, bool HasBaseline);
