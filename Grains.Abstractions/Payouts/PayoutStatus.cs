namespace Faucet.Payouts;

[GenerateSerializer, Alias("faucet.PayoutStatus")]
public enum PayoutStatus
{
    /// <summary>Recorded, not yet confirmed by the node: will be (re)sent with the same id.</summary>
    Pending,

    /// <summary>The node returned a block for it. Final.</summary>
    Sent,

    /// <summary>Given up after the configured attempts; the amount is pending for the player again. Final.</summary>
    Failed,

    /// <summary>Planned during a dry run against a live node, and never sent; the amount stays pending. Final.</summary>
    DryRun,
}
