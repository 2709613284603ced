namespace Faucet.Settlement;

/// <summary>
/// How a round works through its players, from the host settings under <c>Faucet:Settlement</c> (not the
/// YAML files: these tune the machine, not the faucet's rules). Bigger batches mean fewer statements per player.
/// The cursor moves past a batch once its answers are recorded; as batches overlap, a crash repeats up to the
/// few batches of one turn (every step of which is repeatable).
/// </summary>
public sealed class SettlementBatchOptions
{
    /// <summary>The most players in one batch.</summary>
    public int PlayersPerBatch { get; set; } = 500;

    /// <summary>About how long one batch's sends take: a batch holds as many players as the source accounts send in
    /// this time at the pace measured so far (up to <see cref="PlayersPerBatch"/>). Every account sends its share of a
    /// batch before the next batch goes out, so a batch must hold several sends per account to keep them all busy.</summary>
    public TimeSpan BatchTime { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A turn starts no batch after this long. The round answers other calls (a nudge from the scheduler,
    /// a reminder) between turns, so a turn must stay well inside a call's timeout however slow the node is.</summary>
    public TimeSpan TurnTime { get; set; } = TimeSpan.FromSeconds(6);
}
