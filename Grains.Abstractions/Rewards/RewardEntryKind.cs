namespace Faucet.Rewards;

[GenerateSerializer, Alias("faucet.RewardEntryKind")]
public enum RewardEntryKind
{
    /// <summary>Lifetime kills when the wallet was linked: kills before it are never paid.</summary>
    Baseline,

    /// <summary>Verified kills since the last count, accrued at the per-kill amount.</summary>
    Kills,

    /// <summary>An accepted click's reward.</summary>
    Clicks,

    /// <summary>Part of the pending balance set aside for a settlement round.</summary>
    Reserve,

    /// <summary>A round paid what it reserved.</summary>
    Commit,

    /// <summary>A round gave back what it reserved (the payout failed or was not made).</summary>
    Release,

    /// <summary>BAN an operator gave the player: a manual payout, which a reservation and payout follow at once.</summary>
    Grant,
}
