namespace Faucet.Rewards;

/// <summary>The account as of journal entry <see cref="LastEntryNo"/>. Amounts are raw.</summary>
[GenerateSerializer, Alias("faucet.RewardAccountState")]
public sealed class RewardAccountState
{
    [Id(0)] public UInt128 Pending { get; set; }
    [Id(1)] public UInt128 Paid { get; set; }
    [Id(2)] public long KillCursor { get; set; }
    [Id(3)] public long LastEntryNo { get; set; }
    [Id(4)] public Dictionary<long, UInt128> ReservedByRound { get; set; } = [];
}
