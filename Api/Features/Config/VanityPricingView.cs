namespace Faucet.Api.Features.Config;

public sealed record VanityPricingView(long PullTokens, long PullCandidateBudget, long JobTokensPerMillionAttempts, long JobMarginPercent, long JobMinTokens);
