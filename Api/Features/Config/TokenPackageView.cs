using Faucet.Configuration;

namespace Faucet.Api.Features.Config;

public sealed record TokenPackageView(string Id, string Name, long Tokens, long PriceMinor, string Currency)
{
    public static IReadOnlyList<TokenPackageView> From(ProductOptions product) =>
        product.TokenPackages.Select(p => new TokenPackageView(p.Id, p.Name, p.Tokens, p.PriceMinor, p.Currency)).ToList();
}
