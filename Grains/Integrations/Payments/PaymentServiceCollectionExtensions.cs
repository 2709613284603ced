using Faucet.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Integrations.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>Stripe Checkout or the simulated provider for new purchases, as <c>stripe.mode</c> says; both stay known,
    /// for the purchases made under the other mode before the configuration changed.</summary>
    public static IServiceCollection AddPaymentProviders(this IServiceCollection services, IntegrationsOptions integrations)
    {
        var stripe = new StripePaymentProvider(integrations.Stripe);
        var simulated = new SimulatedPaymentProvider(integrations, Random.Shared);
        return services.AddSingleton(new PaymentProviders(integrations.Stripe.Mode == IntegrationMode.Live ? stripe : simulated, [stripe, simulated]));
    }
}
