namespace Faucet.Payouts;

[GenerateSerializer, Alias("faucet.PayoutRetryDecision")]
public enum PayoutRetryDecision
{
    /// <summary>It was pending and was attempted now.</summary>
    Attempted,

    /// <summary>It was sent before: nothing was sent again.</summary>
    AlreadySent,

    /// <summary>It is failed or a dry run: its amount is pending for the player again, and a later round pays it.</summary>
    Final,

    NoSuchPayout,
}
