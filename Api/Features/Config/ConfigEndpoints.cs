using Faucet.Api.Hosting;
using Faucet.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Config;

public static class ConfigEndpoints
{
    /// <summary><c>GET /api/v1/config/product</c>: the white-label settings a client renders with.</summary>
    public static IEndpointRouteBuilder MapConfigEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/config").WithTags("Configuration");
        group.MapGet("/product", GetProduct)
            .WithName("GetProductConfig")
            .ServedWithoutCluster()
            .WithSummary("The product's name, branding, feature flags, token packages, vanity pricing, earning rules, and the terms, privacy policy and minimum age a player accepts (legal).");
        group.MapGet("/locales/{language}", GetLocale)
            .WithName("GetLocale")
            .ServedWithoutCluster()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every word of the player app in one offered language (languages in GET /api/v1/config/product): a flat object of key → text, with {name} where the app fills something in and .one/.other forms of a counted key. The app's own words, overlaid by the operator's locales/<language>.json; English where a language has none.");
        return endpoints;
    }

    private static Results<Ok<IReadOnlyDictionary<string, string>>, ProblemHttpResult> GetLocale(string language, ProductOptions product) =>
        product.AppLanguages.Words(language) is { } words
            ? TypedResults.Ok(words)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such language",
                detail: $"language is one of {string.Join(", ", product.AppLanguages.Offered.Select(l => l.Code))}, as GET /api/v1/config/product lists them; the code is exact (pt-BR, not pt-br).");

    private static Ok<ProductView> GetProduct(ProductOptions product, IntegrationsOptions integrations, PayoutOptions payout) =>
        TypedResults.Ok(ProductView.From(product, integrations, payout));
}
