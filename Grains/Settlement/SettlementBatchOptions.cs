namespace Faucet.Settlement;

/// <summary>
/// How a round works through its players, from the host settings under <c>Faucet:Settlement</c> (not the
/// YAML files: these tune the machine, not the faucet's rules). Bigger batches mean fewer statements per player;
/// the cursor is stored once per batch, so a crash repeats at most one batch.
/// </summary>
public sealed class SettlementBatchOptions
{
    public int PlayersPerBatch { get; set; } = 500;

    /// <summary>Sends to the node in flight at once.</summary>
    public int SendsInFlight { get; set; } = 32;
}
