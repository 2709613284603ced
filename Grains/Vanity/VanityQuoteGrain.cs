using Faucet.Configuration;
using Orleans.Concurrency;

namespace Faucet.Vanity;

/// <summary>Quotes by <see cref="VanityQuotePolicy"/>, with the rate the job board last measured. Stateless, so each
/// silo answers its own share of quotes; the odds are a pure calculation worth spreading.</summary>
[StatelessWorker]
public sealed class VanityQuoteGrain(ProductOptions product) : Grain, IVanityQuoteGrain
{
    public Task<VanityQuote> OddsAsync(VanityRequest request) => WithRateAsync(VanityQuotePolicy.Odds(request, product.VanityPricing));

    public Task<VanityQuote> QuoteJobAsync(VanityRequest request) => WithRateAsync(VanityQuotePolicy.Job(request, product.VanityPricing));

    private async Task<VanityQuote> WithRateAsync(VanityQuote quote) => quote.Status == VanityQuoteStatus.Quoted
        ? quote with { ClusterKeysPerSecond = await GrainFactory.GetGrain<IVanityJobBoardGrain>("default").RateAsync() }
        : quote;
}
