namespace Faucet.Settlement;

/// <summary>A round's chosen players in the order it pays them. Written once, when the round is planned, and
/// kept apart from the round's progress so that moving the cursor does not rewrite the whole plan.</summary>
[GenerateSerializer, Alias("faucet.SettlementRoundPlan")]
public sealed class SettlementRoundPlan
{
    [Id(0)] public List<string> Players { get; set; } = [];
}
