namespace Faucet.Integrations.Payments;

/// <summary>
/// The payment providers a silo can speak to. A new purchase goes to the one <c>stripe.mode</c> picks; a purchase already
/// made stays with the provider it was made under, whatever the configuration says since: a simulated purchase is never
/// finished by Stripe, nor a Stripe one by the simulated provider.
/// </summary>
public sealed class PaymentProviders
{
    private readonly IReadOnlyList<IPaymentProvider> all;

    public PaymentProviders(IPaymentProvider forNewPurchases, IReadOnlyList<IPaymentProvider> all)
    {
        if (!all.Contains(forNewPurchases))
        {
            throw new ArgumentException("The provider of new purchases is one of all the providers.", nameof(forNewPurchases));
        }
        ForNewPurchases = forNewPurchases;
        this.all = all;
    }

    public IPaymentProvider ForNewPurchases { get; }

    /// <summary>The provider a purchase recorded as its own.</summary>
    public IPaymentProvider Named(string name) =>
        all.FirstOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"There is no payment provider '{name}'.");
}
