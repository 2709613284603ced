using Faucet.Configuration;
using Microsoft.AspNetCore.StaticFiles;

namespace Faucet.Api.Hosting;

/// <summary>
/// Headers on the player app's pages: a Content-Security-Policy that lets them load and call nothing but this site (and
/// the operator's banner image, when <c>banner_url</c> lives elsewhere), so neither a CDN nor an injected script can run
/// in them, and no other site may frame them.
/// </summary>
public static class PlayerAppHeaders
{
    public static Action<StaticFileResponseContext> For(ProductOptions product)
    {
        var banner = Uri.TryCreate(product.BannerUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? " " + url.GetLeftPart(UriPartial.Authority)
            : "";
        var policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + banner
            + "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        return context =>
        {
            if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
            }
        };
    }
}
