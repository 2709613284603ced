using Faucet.Configuration;
using Faucet.Donations;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace Faucet.Api.Features.Donations;

/// <summary>The donation address, its QR code and the donors board.</summary>
public static class DonationEndpoints
{
    public static IEndpointRouteBuilder MapDonationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/donations").WithTags("Donations");
        group.MapGet("", GetBoardAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Public: the donation address, this week's and all-time donors (most first), the latest donations, the milestone reached and the next. 404 when the operator takes no donations.");
        group.MapGet("/qr.svg", GetQrCode)
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Public: the donation address as a QR code (a ban: link a wallet app opens), in SVG.");
        return endpoints;
    }

    private static async Task<Results<Ok<DonationBoard>, ProblemHttpResult>> GetBoardAsync(IntegrationsOptions integrations, IClusterClient cluster) =>
        integrations.Banano.DonationAddress.Length == 0
            ? NoDonations()
            : TypedResults.Ok(await cluster.GetGrain<IDonationsGrain>(0).GetBoardAsync());

    private static Results<ContentHttpResult, ProblemHttpResult> GetQrCode(IntegrationsOptions integrations, HttpContext context)
    {
        if (integrations.Banano.DonationAddress.Length == 0)
        {
            return NoDonations();
        }
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode("ban:" + integrations.Banano.DonationAddress, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Content(svg, "image/svg+xml");
    }

    private static ProblemHttpResult NoDonations() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No donations", detail: "This faucet takes no donations (banano.donation_address is not set).");
}
