namespace Faucet.Webhooks;

/// <summary>The events operators' endpoints can subscribe to.</summary>
public static class WebhookEvents
{
    public const string PurchaseCompleted = "purchase.completed";
    public const string PurchaseRefunded = "purchase.refunded";
    public const string PurchaseDisputed = "purchase.disputed";
    public const string PayoutSent = "payout.sent";
    public const string PayoutFailed = "payout.failed";
    public const string UserBanned = "user.banned";
    public const string RoundCompleted = "round.completed";

    /// <summary>A player's guaranteed vanity job found its key (the did:key, never the private key).</summary>
    public const string VanityJobFound = "vanity.job.found";

    /// <summary>Sent by an operator's test call only.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [PurchaseCompleted, PurchaseRefunded, PurchaseDisputed, PayoutSent, PayoutFailed, UserBanned, RoundCompleted, VanityJobFound];
}
