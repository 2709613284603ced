using Faucet.Tests.Fakes;

namespace Faucet.Tests.Browser;

/// <summary>Payouts that really go out and payments that are real: <c>dry_run: false</c>, the live node adapter against
/// the wire-level fake Banano node, so a round's payouts reach the feed, and Stripe live against the wire-level fake
/// Stripe API.</summary>
public sealed class PayingStack : BrowserStack
{
    public FakeBananoNode Node { get; private set; } = null!;

    public FakeStripe Stripe { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        Config.Replace("integrations.yaml", "  api_base: \"\"                    # empty: Stripe itself", "  api_base: " + Stripe.Url);
        Node = await FakeBananoNode.StartAsync();
        Node.Balances[Payouts.LiveNodeCluster.Operator] = UInt128.Parse("100000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        Config.SetLine("integrations.yaml", "source_accounts", $"source_accounts: [{Payouts.LiveNodeCluster.Operator}]");
    }

    protected override string[] Settings =>
    [
        "--FAUCET_DRY_RUN=false",
        "--FAUCET_BANANO_MODE=live",
        "--FAUCET_NODE_RPC=" + Node.Url,
        "--FAUCET_WALLET_ID=" + Payouts.LiveNodeCluster.WalletId,
        "--FAUCET_SESSION_DOMAIN=127.0.0.1",
        "--FAUCET_STRIPE_MODE=live",
        "--FAUCET_STRIPE_SECRET_KEY=" + FakeStripe.SecretKey,
        "--FAUCET_STRIPE_WEBHOOK_SECRET=" + FakeStripe.WebhookSecret,
    ];

    protected override async Task DisposeMoreAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }
    }
}
