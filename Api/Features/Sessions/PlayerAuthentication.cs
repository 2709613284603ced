using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Faucet.Api.Features.Sessions;

/// <summary>A player's access token (<see cref="AccessTokens"/>) as <c>Authorization: Bearer &lt;token&gt;</c>, or in the
/// sign-in cookie.</summary>
public sealed class PlayerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Player";

    /// <summary>The same, from the Authorization header only: what the admin policies take, so that a page elsewhere
    /// can never make a signed-in admin's browser act through its cookie.</summary>
    public const string BearerSchemeName = "PlayerBearer";
    public const string Policy = "player";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token;
        if (Request.Headers.Authorization.Count > 0)
        {
            if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
                || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.NoResult();
            }
            token = header.Parameter;
        }
        else
        {
            // A browser signed in by the sign-in endpoints carries its access token in an HttpOnly cookie.
            token = Scheme.Name == SchemeName ? Request.Cookies[PlayerSessions.AccessCookie] : null;
        }
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var (identity, problem) = await tokens.ValidateAsync(token, SchemeName);
        return identity is null
            ? AuthenticateResult.Fail(problem!)
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer realm=\"Faucet\"");
        await base.HandleChallengeAsync(properties);
        // A token that was sent and refused says why (expired, signed out, malformed), so a client knows whether to
        // refresh or sign in again; the reasons are AccessTokens' own and tell a forger nothing about the key.
        if (await HandleAuthenticateOnceSafeAsync() is { Failure.Message: { } reason } && !Response.HasStarted
            && Context.RequestServices.GetService<IProblemDetailsService>() is { } problems)
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Not signed in", Detail = reason },
            });
        }
    }
}
