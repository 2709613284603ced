using Faucet.PaymentMethods;
using Faucet.Configuration;
using Faucet.Purchases;

namespace Faucet.Integrations.Payments;

/// <summary>
/// SIMULATED payment provider (card, debit or PayPal), for the local demo and dry runs: it has no page and takes no card
/// details, but charges by itself in two timed steps, PENDING to PROCESSING, then COMPLETED or FAILED as
/// <see cref="SimulatedPayments"/> decides. A purchase may be cancelled while pending and refunded once completed.
/// Outside a dry run it sells nothing: whatever it still holds fails at its next step, whatever <c>stripe.mode</c> says
/// by then, since the purchase was made under this provider and stays with it.
/// </summary>
public sealed class SimulatedPaymentProvider(IntegrationsOptions integrations, Random random) : IPaymentProvider
{
    public const string ProviderName = "simulated";

    public string Name => ProviderName;

    public TimeSpan? StepDelay => TimeSpan.FromMilliseconds(integrations.Stripe.SimulatedDelayMs);

    public string MethodFor(string requested) => requested;

    public IReadOnlyList<string>? Methods => SimulatedPayments.Methods;

    public Task<PaymentCheckout?> OpenCheckoutAsync(PurchaseView purchase, string packageName, string returnUrl, SavedPaymentMethod? saved, CancellationToken cancellationToken) =>
        Task.FromResult<PaymentCheckout?>(null);

    public PaymentProgress? NextStep(PurchaseView purchase) => purchase.Status switch
    {
        PurchaseStatus.Pending or PurchaseStatus.Processing when integrations.SimulatedWhereBanIsReal(IntegrationMode.Simulated) =>
            new(PurchaseStatus.Failed, "the simulated provider sells nothing outside a dry run"),
        PurchaseStatus.Pending => new(PurchaseStatus.Processing, $"the simulated provider charges the {purchase.Method}"),
        PurchaseStatus.Processing => SimulatedPayments.FailureOf(purchase.AmountMinor, integrations.Stripe.SimulatedSuccessPercent, random) is { } failure
            ? new(PurchaseStatus.Failed, failure)
            : new(PurchaseStatus.Completed, "paid"),
        _ => null,
    };

    // Nothing is charged before PROCESSING, and nothing real is ever charged: stopping or giving back needs no call.
    public Task<bool> CancelAsync(PurchaseView purchase, CancellationToken cancellationToken) =>
        Task.FromResult(purchase.Status == PurchaseStatus.Pending);

    public Task<bool> RefundAsync(PurchaseView purchase, string reason, CancellationToken cancellationToken) =>
        Task.FromResult(purchase.Status == PurchaseStatus.Completed);

    public bool RefundsThroughFaucet => true;

    public Task<ProviderMethod?> SaveMethodAsync(string userId, string? customerRef, string type, string token, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderMethod?>(SimulatedPaymentMethods.Resolve(type, token));

    public Task<PaymentSetup?> OpenSetupAsync(string userId, string? customerRef, string type, bool makeDefault, string returnUrl, CancellationToken cancellationToken) =>
        Task.FromResult<PaymentSetup?>(null);

    public Task<ProviderMethod> MethodOfSetupAsync(string customerRef, string type, string setupRef, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The simulated provider has no page to add a method on.");

    public Task ForgetMethodAsync(string providerRef, CancellationToken cancellationToken) => Task.CompletedTask;
}
