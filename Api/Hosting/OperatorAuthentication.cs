using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Faucet.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Faucet.Api.Hosting;

/// <summary>
/// The operator credential from <c>integrations.yaml</c> (<c>operator.token</c>), accepted as
/// <c>Authorization: Bearer &lt;token&gt;</c> for tools and the app's operator pages, or HTTP Basic with the token as
/// password for a browser opening the dashboard (which then prompts for it). Only the endpoints whose policy names this
/// scheme run it.
/// </summary>
public sealed class OperatorAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IntegrationsOptions integrations)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Operator";
    /// <summary>Acting as an operator: the operator token, or a player who is an admin.</summary>
    public const string Policy = "operator";

    /// <summary>Reading what operators read: also a player in the support role.</summary>
    public const string ReadPolicy = "operator-read";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The shipped placeholder opens nothing, even in a dry run: a public deploy that forgot to set the
        // token must not have a dashboard anyone can guess their way into.
        var expected = integrations.Operator.Token;
        if (IntegrationsOptions.IsDefaultSecret(expected) || !AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header.Scheme.ToUpperInvariant() switch
        {
            "BEARER" => header.Parameter,
            "BASIC" => PasswordOf(header.Parameter),
            _ => null,
        };
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            // A bearer token that is not the operator's may be an admin player's, which the player scheme judges; a Basic
            // password is only ever the operator's, so a wrong one is a failed operator sign-in (and logged as one).
            return Task.FromResult(header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail("The operator credential is wrong."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Basic only where a browser is to ask the operator for the token itself: the dashboard. The app's own pages call
        // the admin API with the token they were given, and a Basic challenge there would make the browser pop its own
        // password dialog over them.
        if (Request.Path.StartsWithSegments(DashboardPath))
        {
            // Appended: a player's Bearer challenge is offered too.
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "Basic realm=\"Faucet operator\", charset=\"UTF-8\"");
        }
        return base.HandleChallengeAsync(properties);
    }

    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    private static string? PasswordOf(string? basic)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(basic ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
