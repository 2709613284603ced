using Faucet.Money;

namespace Faucet.Settlement;

[GenerateSerializer, Alias("faucet.SettlementRoundState")]
public sealed class SettlementRoundState
{
    [Id(0)] public RoundStatus Status { get; set; }
    [Id(1)] public int Seed { get; set; }
    [Id(2)] public int Planned { get; set; }
    [Id(3)] public int Cursor { get; set; }
    [Id(4)] public int PayoutsStarted { get; set; }
    [Id(5)] public BanAmount Total { get; set; }
    [Id(6)] public int SkippedNoWallet { get; set; }
    [Id(7)] public int SkippedByCaps { get; set; }
    [Id(8)] public string? SkipReason { get; set; }
    [Id(9)] public DateTimeOffset? StartedAt { get; set; }
    [Id(10)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The database's ledger identity as the round planned, for its payout ids.</summary>
    [Id(11)] public string Ledger { get; set; } = "";

    [Id(12)] public int SkippedByBalance { get; set; }
}
