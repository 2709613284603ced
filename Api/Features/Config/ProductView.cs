using Faucet.Configuration;

namespace Faucet.Api.Features.Config;

/// <summary>What a client may know of <c>product.yaml</c> and the earning rules of <c>payout.yaml</c>, plus whether the
/// faucet runs as a dry run and how tokens are paid for: <c>simulated</c> or <c>stripe</c>, the words a purchase's
/// <c>provider</c> uses.</summary>
public sealed record ProductView(
    string AppName,
    string OrgName,
    string BannerUrl,
    string MediaKitUrl,
    string DefaultLocale,
    string BlockExplorerUrl,
    bool DryRun,
    string Payments,
    IReadOnlyDictionary<string, bool> FeatureFlags,
    IReadOnlyList<TokenPackageView> TokenPackages,
    VanityPricingView VanityPricing,
    int FreePullsPerDay,
    EarningView Earning)
{
    public static ProductView From(ProductOptions product, IntegrationsOptions integrations, PayoutOptions payout) => new(
        product.AppName,
        product.OrgName,
        product.BannerUrl,
        product.MediaKitUrl,
        product.DefaultLocale,
        product.BlockExplorerUrl,
        integrations.DryRun,
        integrations.Stripe.Mode == IntegrationMode.Live ? "stripe" : "simulated",
        product.FeatureFlags,
        TokenPackageView.From(product),
        new VanityPricingView(product.VanityPricing.PullTokens, product.VanityPricing.PullCandidateBudget,
            product.VanityPricing.JobTokensPerMillionAttempts, product.VanityPricing.JobMarginPercent),
        product.FreePullsPerDay,
        EarningView.From(payout, integrations));
}
