using Faucet.Configuration;
using Faucet.Integrations.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Faucet.Tests.Integrations;

public sealed class PaymentProvidersTests
{
    private static PaymentProviders Configured(IntegrationMode stripeMode)
    {
        var integrations = new IntegrationsOptions { Stripe = new StripeOptions { Mode = stripeMode } };
        return new ServiceCollection().AddPaymentProviders(integrations).BuildServiceProvider().GetRequiredService<PaymentProviders>();
    }

    [Theory]
    [InlineData(IntegrationMode.Live, "stripe")]
    [InlineData(IntegrationMode.Simulated, "simulated")]
    public void New_purchases_go_to_the_provider_stripe_mode_picks(IntegrationMode stripeMode, string provider)
    {
        Assert.Equal(provider, Configured(stripeMode).ForNewPurchases.Name);
    }

    [Theory]
    [InlineData(IntegrationMode.Live)]
    [InlineData(IntegrationMode.Simulated)]
    public void A_stored_purchase_finds_the_provider_it_was_made_under_whatever_the_mode_is_now(IntegrationMode stripeMode)
    {
        var providers = Configured(stripeMode);

        Assert.IsType<SimulatedPaymentProvider>(providers.Named("simulated"));
        Assert.IsType<StripePaymentProvider>(providers.Named("stripe"));
        Assert.Throws<InvalidOperationException>(() => providers.Named("paypal"));
    }

    [Fact]
    public void Stripe_records_its_own_method_and_leaves_every_step_to_its_webhook()
    {
        var stripe = Configured(IntegrationMode.Live).ForNewPurchases;

        Assert.Equal(("stripe", null), (stripe.MethodFor("card"), stripe.StepDelay));
    }
}
