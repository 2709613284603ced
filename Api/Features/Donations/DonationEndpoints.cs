using Faucet.Api.Hosting;
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
        endpoints.MapPost("/api/v1/admin/donations/look", LookNowAsync)
            .WithTags("Donations (admin)")
            .RequireAuthorization(OperatorAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Admin: asks the node about the donation address now rather than at the next look (a donor says they have sent), and records what is new: {nodeAnswered, recorded}. 503 when the node does not answer.");
        return endpoints;
    }

    private static async Task<Results<Ok<DonationLook>, ProblemHttpResult>> LookNowAsync(IntegrationsOptions integrations, IClusterClient cluster, System.Security.Claims.ClaimsPrincipal user)
    {
        if (integrations.Banano.DonationAddress.Length == 0)
        {
            return NoDonations();
        }
        var look = await cluster.GetGrain<IDonationsGrain>(0).LookNowAsync(Faucet.Api.Features.Players.AdminUserEndpoints.ActorOf(user));
        return look.NodeAnswered
            ? TypedResults.Ok(look)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The node did not answer",
                detail: "The Banano node did not answer for the donation address; the faucet keeps looking on its own.");
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
