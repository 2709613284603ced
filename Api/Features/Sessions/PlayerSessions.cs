using Faucet.Api.Features.Players;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Players;
using Faucet.Sessions;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Handing a sign-in to the client: an access token with the player's roles, the sign-in's refresh token, and the
/// cookies that carry them for a browser. API clients use the
/// tokens from the body; browsers need nothing but the cookies (HttpOnly, SameSite=Lax, Secure except on localhost),
/// and a request a browser makes never gets the refresh token in its body, where the page's scripts could read it.
/// </summary>
public sealed class PlayerSessions(
    IClusterClient cluster,
    IntegrationsOptions integrations,
    AccessTokens access,
    RevokedSessions revoked,
    RegionAnalytics regions,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public const string AccessCookie = "faucet_access";
    public const string RefreshCookie = "faucet_refresh";
    public const string RefreshCookiePath = "/api/v1/auth";

    private readonly TimeSpan refreshLifetime = TimeSpan.FromDays(integrations.Sessions.RefreshTokenDays);

    /// <summary>Roles a player holds: player, and admin or support when one of their identities is listed under
    /// <c>sessions.admins</c> or <c>sessions.support</c>. Read at every sign-in and refresh, so a change of the lists
    /// reaches a player within an access token's lifetime.</summary>
    public async Task<IReadOnlyList<string>> RolesOfAsync(UserId user)
    {
        var identities = (await cluster.GetGrain<IPlayerGrain>(user.Value).GetProfileAsync())?.Identities.Select(i => i.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        bool Listed(List<string> list) => list.Any(entry => IdentityKey.TryParse(entry, out var key, out _) && identities.Contains(key.Value));
        List<string> roles = ["player"];
        if (Listed(integrations.Sessions.Admins))
        {
            roles.Add("admin");
        }
        if (Listed(integrations.Sessions.Support))
        {
            roles.Add("support");
        }
        return roles;
    }

    public Task<SignedIn> StartAsync(HttpContext context, StartedSignIn signIn) =>
        HandAsync(context, signIn.User, signIn.Session, signIn.RefreshToken, refreshTokenInBody: !FromBrowser(context.Request));

    /// <summary>Browsers add Fetch Metadata (<c>Sec-Fetch-Site</c>) to every request and no script can remove it;
    /// API clients send none.</summary>
    public static bool FromBrowser(HttpRequest request) => request.Headers.ContainsKey("Sec-Fetch-Site");

    /// <summary>Writes the tokens into the response's cookies and returns them for the body. The player's coarse region
    /// is noted here, at sign-in and at each refresh.</summary>
    public async Task<SignedIn> HandAsync(HttpContext context, UserId user, Guid session, string refreshToken, bool refreshTokenInBody = true)
    {
        await regions.RecordAsync(context, user.Value);
        var roles = await RolesOfAsync(user);
        var accessToken = access.Issue(user, roles, session);
        var now = time.GetUtcNow();
        context.Response.Cookies.Append(AccessCookie, accessToken, Cookie(context, "/", access.Lifetime));
        context.Response.Cookies.Append(RefreshCookie, refreshToken, Cookie(context, RefreshCookiePath, refreshLifetime));
        return new SignedIn(user.Value, roles, accessToken, now + access.Lifetime, refreshTokenInBody ? refreshToken : null, now + refreshLifetime);
    }

    public async Task EndAsync(HttpContext context, Guid session)
    {
        await cluster.GetGrain<ISignInGrain>(session).EndAsync();
        revoked.Revoke(session);
        Clear(context);
    }

    public static void Clear(HttpContext context)
    {
        context.Response.Cookies.Delete(AccessCookie, Cookie(context, "/", TimeSpan.Zero));
        context.Response.Cookies.Delete(RefreshCookie, Cookie(context, RefreshCookiePath, TimeSpan.Zero));
    }

    private static CookieOptions Cookie(HttpContext context, string path, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps || !IsLocal(context.Request.Host.Host),
        Path = path,
        MaxAge = lifetime,
        IsEssential = true,
    };

    private static bool IsLocal(string host) => host is "localhost" or "127.0.0.1" or "::1" or "[::1]";
}
