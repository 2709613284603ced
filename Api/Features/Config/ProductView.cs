using Faucet.Api.Features.Legal;
using Faucet.Configuration;

namespace Faucet.Api.Features.Config;

/// <summary>What a client may know of <c>product.yaml</c> and the earning rules of <c>payout.yaml</c>, plus whether the
/// faucet runs as a dry run (payouts recorded, never sent) or as the demo (payouts sent through the simulated node), how
/// tokens are paid for (<c>simulated</c> or <c>stripe</c>, the words a purchase's <c>provider</c> uses) and which node
/// confirms payouts (<c>simulated</c>, whose blocks exist nowhere and must never be linked to an explorer, or
/// <c>banano</c>), whether new players bring a proof of work (<c>GET /api/v1/auth/proof-of-work</c>), and where players may donate
/// (null: no donations; the board is <c>GET /api/v1/donations</c>). The app speaks one of <c>languages</c> (the browser's
/// or the player's pick, else <c>defaultLocale</c>), with its words from <c>GET /api/v1/config/locales/{code}</c>;
/// numbers, money and dates follow that language unless <c>formatLocale</c> fixes one locale for all.</summary>
public sealed record ProductView(
    string AppName,
    string OrgName,
    string BannerUrl,
    string MediaKitUrl,
    string DefaultLocale,
    IReadOnlyList<AppLanguage> Languages,
    string? FormatLocale,
    string BlockExplorerUrl,
    bool DryRun,
    bool Demo,
    string Payments,
    string Payouts,
    IReadOnlyDictionary<string, bool> FeatureFlags,
    IReadOnlyList<TokenPackageView> TokenPackages,
    VanityPricingView VanityPricing,
    int FreePullsPerDay,
    EarningView Earning,
    LegalView Legal,
    bool SignUpProofOfWork,
    string? DonationAddress)
{
    public static ProductView From(ProductOptions product, IntegrationsOptions integrations, PayoutOptions payout) => new(
        product.AppName,
        product.OrgName,
        product.BannerUrl,
        product.MediaKitUrl,
        product.DefaultLocale,
        product.AppLanguages.Offered,
        product.FormatLocale.Length > 0 ? product.FormatLocale : null,
        product.BlockExplorerUrl,
        integrations.PayoutsDryRun,
        integrations.Demo,
        integrations.Stripe.Mode == IntegrationMode.Live ? "stripe" : "simulated",
        integrations.Banano.Mode == IntegrationMode.Live ? "banano" : "simulated",
        product.FeatureFlags,
        TokenPackageView.From(product),
        new VanityPricingView(product.VanityPricing.PullTokens, product.VanityPricing.PullCandidateBudget,
            product.VanityPricing.JobTokensPerMillionAttempts, product.VanityPricing.JobMarginPercent, product.VanityPricing.JobMinTokens),
        product.FreePullsPerDay,
        EarningView.From(payout, integrations),
        LegalView.From(product.Legal),
        integrations.Sessions.SignupProofOfWork > 0,
        integrations.Banano.DonationAddress.Length > 0 ? integrations.Banano.DonationAddress : null);
}
