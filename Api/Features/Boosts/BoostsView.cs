namespace Faucet.Api.Features.Boosts;

/// <param name="Running">The scheduled boosts in force now (at most one for kills and one for clicks).</param>
/// <param name="Next">The next scheduled boost to start, if any.</param>
/// <param name="Donations">The donation milestone in force now, if any. Where it and a scheduled boost both apply, the
/// higher multiplier is the one earned; they never multiply each other.</param>
public sealed record BoostsView(IReadOnlyList<BoostView> Running, BoostView? Next, DonationBoostView? Donations);
