namespace Faucet.Vanity;

/// <summary>
/// The odds of a pattern and the price of a guaranteed job on it, with the cluster's search rate, for anyone asking
/// before they pull or start a job (key 0; any silo answers). The job grain prices a start by the same policy, so a
/// quote is what a start costs while the pricing stays the same.
/// </summary>
[Alias("faucet.IVanityQuoteGrain")]
public interface IVanityQuoteGrain : IGrainWithIntegerKey
{
    /// <summary>The odds, or why the pattern cannot be searched for; never <see cref="VanityQuoteStatus.TooHard"/>.</summary>
    [Alias("Odds")]
    Task<VanityQuote> OddsAsync(VanityRequest request);

    /// <summary>The odds and price of a guaranteed job, or why a job does not take the pattern.</summary>
    [Alias("QuoteJob")]
    Task<VanityQuote> QuoteJobAsync(VanityRequest request);
}
