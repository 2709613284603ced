using Faucet.Configuration;

namespace Faucet.Api.Features.Config;

/// <summary>What a client may know of <c>product.yaml</c>, plus whether the faucet runs as a dry run.</summary>
public sealed record ProductView(
    string AppName,
    string OrgName,
    string BannerUrl,
    string MediaKitUrl,
    string DefaultLocale,
    bool DryRun,
    IReadOnlyDictionary<string, bool> FeatureFlags,
    IReadOnlyList<TokenPackageView> TokenPackages,
    VanityPricingView VanityPricing,
    int FreePullsPerDay)
{
    public static ProductView From(ProductOptions product, IntegrationsOptions integrations) => new(
        product.AppName,
        product.OrgName,
        product.BannerUrl,
        product.MediaKitUrl,
        product.DefaultLocale,
        integrations.DryRun,
        product.FeatureFlags,
        TokenPackageView.From(product),
        new VanityPricingView(product.VanityPricing.PullTokens, product.VanityPricing.PullCandidateBudget, product.VanityPricing.JobTokensPerMillionAttempts),
        product.FreePullsPerDay);
}
