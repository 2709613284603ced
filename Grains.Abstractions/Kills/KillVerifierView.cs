namespace Faucet.Kills;

/// <param name="Queued">Players the current pass has yet to visit.</param>
/// <param name="PausedUntil">When the API said to come back after a 429.</param>
/// <param name="Visited">Players visited since this activation began.</param>
[GenerateSerializer, Immutable, Alias("faucet.KillVerifierView")]
public sealed record KillVerifierView(
    [property: Id(0)] int Queued,
    [property: Id(1)] DateTimeOffset? PausedUntil,
    [property: Id(2)] long Visited);
