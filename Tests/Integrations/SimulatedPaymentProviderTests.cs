using Faucet.Configuration;
using Faucet.Integrations.Payments;
using Faucet.Purchases;

namespace Faucet.Tests.Integrations;

public sealed class SimulatedPaymentProviderTests
{
    private static SimulatedPaymentProvider Provider(bool dryRun = true, int successPercent = 100, IntegrationMode stripeMode = IntegrationMode.Simulated) =>
        new(new IntegrationsOptions { DryRun = dryRun, Stripe = new StripeOptions { Mode = stripeMode, SimulatedSuccessPercent = successPercent } }, new Random(7));

    private static PurchaseView Purchase(PurchaseStatus status, long amountMinor = 399, string method = "paypal") =>
        new("p1", "u1", "popular", 500, amountMinor, "USD", SimulatedPaymentProvider.ProviderName, method, status, [], null, null, 0, 0, 0);

    [Fact]
    public void Charges_a_pending_purchase_then_completes_it_when_every_payment_succeeds()
    {
        var provider = Provider();

        Assert.Equal(new PaymentProgress(PurchaseStatus.Processing, "the simulated provider charges the paypal"), provider.NextStep(Purchase(PurchaseStatus.Pending)));
        Assert.Equal(new PaymentProgress(PurchaseStatus.Completed, "paid"), provider.NextStep(Purchase(PurchaseStatus.Processing)));
    }

    [Theory]
    [InlineData(1001, "insufficient funds")]
    [InlineData(1002, "card declined")]
    [InlineData(1003, "network error")]
    [InlineData(1004, "invalid payment method")]
    public void Fails_an_amount_ending_in_01_to_04_cents_with_its_reason_whatever_the_success_rate(long amountMinor, string reason)
    {
        Assert.Equal(new PaymentProgress(PurchaseStatus.Failed, reason), Provider(successPercent: 100).NextStep(Purchase(PurchaseStatus.Processing, amountMinor)));
    }

    [Fact]
    public void Declines_every_other_amount_at_a_success_rate_of_zero()
    {
        Assert.Equal(new PaymentProgress(PurchaseStatus.Failed, "declined by the simulated provider"), Provider(successPercent: 0).NextStep(Purchase(PurchaseStatus.Processing, 1005)));
    }

    [Theory]
    [InlineData(IntegrationMode.Simulated, PurchaseStatus.Pending)]
    [InlineData(IntegrationMode.Simulated, PurchaseStatus.Processing)]
    [InlineData(IntegrationMode.Live, PurchaseStatus.Pending)]
    [InlineData(IntegrationMode.Live, PurchaseStatus.Processing)]
    public void Fails_what_it_still_holds_outside_a_dry_run_even_once_stripe_is_configured(IntegrationMode stripeMode, PurchaseStatus status)
    {
        Assert.Equal(new PaymentProgress(PurchaseStatus.Failed, "the simulated provider sells nothing outside a dry run"),
            Provider(dryRun: false, stripeMode: stripeMode).NextStep(Purchase(status)));
    }

    [Theory]
    [InlineData(PurchaseStatus.Completed)]
    [InlineData(PurchaseStatus.Failed)]
    [InlineData(PurchaseStatus.Cancelled)]
    [InlineData(PurchaseStatus.Refunded)]
    public void Takes_no_step_with_a_settled_purchase(PurchaseStatus status)
    {
        Assert.Null(Provider().NextStep(Purchase(status)));
        Assert.Null(Provider(dryRun: false).NextStep(Purchase(status)));
    }

    [Fact]
    public async Task Cancels_only_a_pending_purchase_and_refunds_only_a_completed_one()
    {
        var provider = Provider();
        var statuses = Enum.GetValues<PurchaseStatus>();

        var cancels = new List<PurchaseStatus>();
        var refunds = new List<PurchaseStatus>();
        foreach (var status in statuses)
        {
            if (await provider.CancelAsync(Purchase(status), CancellationToken.None))
            {
                cancels.Add(status);
            }
            if (await provider.RefundAsync(Purchase(status), "chargeback", CancellationToken.None))
            {
                refunds.Add(status);
            }
        }

        Assert.Equal([PurchaseStatus.Pending], cancels);
        Assert.Equal([PurchaseStatus.Completed], refunds);
    }

    [Fact]
    public async Task Keeps_the_buyers_method_has_no_checkout_page_and_steps_after_the_configured_delay()
    {
        var provider = new SimulatedPaymentProvider(new IntegrationsOptions { Stripe = new StripeOptions { SimulatedDelayMs = 250 } }, new Random(7));

        Assert.Equal("debit", provider.MethodFor("debit"));
        Assert.Null(await provider.OpenCheckoutAsync(Purchase(PurchaseStatus.Pending), "Popular", "http://localhost/", null, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(250), provider.StepDelay);
    }
}
