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
        return endpoints;
    }

    private static Ok<ProductView> GetProduct(ProductOptions product, IntegrationsOptions integrations, PayoutOptions payout) =>
        TypedResults.Ok(ProductView.From(product, integrations, payout));
}
