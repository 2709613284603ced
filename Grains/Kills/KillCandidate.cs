namespace Faucet.Kills;

/// <param name="HasBaseline">Whether the API has answered with kills for the player's current Epic account before (the
/// baseline for it is set).</param>
public sealed record KillCandidate(string UserId, string EpicId, bool HasBaseline);
