namespace Faucet.Purchases;

[GenerateSerializer, Alias("faucet.PurchaseState")]
public sealed class PurchaseState
{
    [Id(0)] public PurchaseOrder? Order { get; set; }
    [Id(1)] public long Tokens { get; set; }
    [Id(2)] public long AmountMinor { get; set; }
    [Id(3)] public string Currency { get; set; } = "";
    [Id(4)] public string Provider { get; set; } = "";
    [Id(5)] public List<PurchaseStep> History { get; set; } = [];
    [Id(6)] public string? CheckoutUrl { get; set; }
    [Id(7)] public string? CheckoutRef { get; set; }
    [Id(8)] public string? FailureReason { get; set; }

    /// <summary>Whether the completed purchase's tokens are in the ledger (the credit follows the status).</summary>
    [Id(9)] public bool Credited { get; set; }

    [Id(10)] public long TokensTakenBack { get; set; }

    /// <summary>The package's name and the Stripe return page as they were when bought: a retried Checkout Session
    /// request must send exactly what the first one sent.</summary>
    [Id(11)] public string PackageName { get; set; } = "";

    [Id(12)] public string ReturnUrl { get; set; } = "";

    /// <summary>A take-back (refund or dispute hold), fixed with its ledger key before its debit so that a retry debits
    /// the same amount under the same key.</summary>
    [Id(13)] public long RefundPlanned { get; set; }

    [Id(14)] public string? PlannedKey { get; set; }

    /// <summary>The provider's payment (Stripe's PaymentIntent) once paid: what its refund and dispute events name.</summary>
    [Id(15)] public string? PaymentRef { get; set; }

    /// <summary>Of the amount, what the provider gave back in all; each refund event says the new total.</summary>
    [Id(16)] public long RefundedMinor { get; set; }

    /// <summary>The tokens the refunds so far call for: the refunded share of the package, rounded up.</summary>
    [Id(17)] public long TokensOwed { get; set; }

    [Id(18)] public string? DisputeRef { get; set; }

    [Id(19)] public long TokensHeld { get; set; }

    /// <summary>The saved method the buyer pays with, as it was when the purchase started.</summary>
    [Id(20)] public Faucet.PaymentMethods.SavedPaymentMethod? SavedMethod { get; set; }

    public PurchaseStatus Status => History.Count == 0 ? PurchaseStatus.Pending : History[^1].Status;
}
