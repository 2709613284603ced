namespace Faucet.Settlement;

/// <summary>
/// How a round works through its players, from the host settings under <c>Faucet:Settlement</c> (not the
/// YAML files: these tune the machine, not the faucet's rules). Bigger batches mean fewer statements per player.
/// The cursor moves past a batch once its answers are recorded; as batches overlap, a crash repeats up to the
/// few batches of one turn (every step of which is repeatable).
/// </summary>
public sealed class SettlementBatchOptions
{
    public int PlayersPerBatch { get; set; } = 500;

    /// <summary>Sends to the node in flight at once.</summary>
    public int SendsInFlight { get; set; } = 32;
}
