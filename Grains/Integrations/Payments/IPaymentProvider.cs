using Faucet.PaymentMethods;
using Faucet.Purchases;

namespace Faucet.Integrations.Payments;

/// <summary>
/// A payment provider, as a purchase needs one: where the buyer pays, what the provider does by itself, and whether it
/// takes a cancellation or a refund from the faucet. The purchase keeps its own state machine and asks; a provider never
/// credits tokens, and whatever it says moves a purchase only forward.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>What a purchase records as its provider, and finds this one by again later.</summary>
    string Name { get; }

    /// <summary>The payment method a purchase records when the buyer asked for <paramref name="requested"/>: theirs where
    /// the provider offers a choice, else the provider's own.</summary>
    string MethodFor(string requested);

    /// <summary>The methods a buyer chooses from; null when the provider takes whatever is asked and picks its own
    /// (Stripe Checkout shows the buyer its choice on its page).</summary>
    IReadOnlyList<string>? Methods { get; }

    /// <summary>Opens (or, asked again for the same purchase, returns) the page where the buyer pays
    /// <paramref name="purchase"/>, or with a <paramref name="saved"/> method charges it (the answer then says where
    /// the payment stands, and has a page only when the buyer must act); null for a provider that charges by itself. Throws
    /// <see cref="PaymentRefusedException"/> when the provider refuses the request as made, and
    /// <see cref="PaymentProviderUnavailableException"/> when it did not answer (nothing is known; ask again).</summary>
    Task<PaymentCheckout?> OpenCheckoutAsync(PurchaseView purchase, string packageName, string returnUrl, SavedPaymentMethod? saved, CancellationToken cancellationToken);

    /// <summary>How long each step this provider takes by itself lasts; null for a provider whose own notifications move
    /// a purchase on (Stripe's webhook).</summary>
    TimeSpan? StepDelay { get; }

    /// <summary>The step this provider takes by itself with a pending or processing purchase once
    /// <see cref="StepDelay"/> has passed; null when it takes none.</summary>
    PaymentProgress? NextStep(PurchaseView purchase);

    /// <summary>Stops the payment of a purchase still pending. False when this provider takes no cancellation from the
    /// faucet (an unpaid Stripe Checkout Session expires by itself).</summary>
    Task<bool> CancelAsync(PurchaseView purchase, CancellationToken cancellationToken);

    /// <summary>Gives the buyer's money for a completed purchase back. Asked again for the same purchase (a retry after
    /// a crash), it is the same refund. False when refunds are not made through the faucet (Stripe's dashboard).</summary>
    Task<bool> RefundAsync(PurchaseView purchase, string reason, CancellationToken cancellationToken);

    /// <summary>Whether refunds are made through the faucet at all (never for Stripe: its dashboard does it).</summary>
    bool RefundsThroughFaucet { get; }

    /// <summary>What the provider's <paramref name="token"/> stands for, kept for <paramref name="userId"/> (their
    /// customer there, <paramref name="customerRef"/>, made if there is none yet) to pay with later as a method of
    /// <paramref name="type"/>; null when this provider takes no saved methods. Throws
    /// <see cref="PaymentProviderUnavailableException"/> when the provider did not answer.</summary>
    Task<ProviderMethod?> SaveMethodAsync(string userId, string? customerRef, string type, string token, CancellationToken cancellationToken);

    /// <summary>Opens the provider's own page where the player adds a method of <paramref name="type"/> to keep, for their
    /// customer there (<paramref name="customerRef"/>, made first if there is none yet); null when this provider has no
    /// such page (the simulated one saves its test tokens directly). The provider tells of the method it made later (with
    /// Stripe, its webhook), naming the player and <paramref name="type"/> and whether to make it the default. Throws
    /// <see cref="PaymentRefusedException"/> when the provider refuses the request as made, and
    /// <see cref="PaymentProviderUnavailableException"/> when it did not answer.</summary>
    Task<PaymentSetup?> OpenSetupAsync(string userId, string? customerRef, string type, bool makeDefault, string returnUrl, CancellationToken cancellationToken);

    /// <summary>The method the player added on the provider's page (<paramref name="setupRef"/>, finished), kept for their
    /// customer <paramref name="customerRef"/> as a method of <paramref name="type"/>: as <see cref="SaveMethodAsync"/>
    /// says of a token. Throws <see cref="PaymentProviderUnavailableException"/> when the provider did not answer.</summary>
    Task<ProviderMethod> MethodOfSetupAsync(string customerRef, string type, string setupRef, CancellationToken cancellationToken);

    /// <summary>The provider forgets a saved method (best effort: the faucet has removed it either way).</summary>
    Task ForgetMethodAsync(string providerRef, CancellationToken cancellationToken);
}
