using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Players;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Signing players in and out: the user an identity belongs to (a new player on its first sign-in), an access token
/// and the first refresh token of a new sign-in, and the cookies that carry them for a browser. API clients use the
/// tokens from the body; browsers need nothing but the cookies (HttpOnly, SameSite=Lax, Secure except on localhost).
/// </summary>
public sealed class PlayerSessions(IClusterClient cluster, AccessTokens access, RefreshTokens refresh, RevokedSessions revoked, [FromKeyedServices(FaucetClock.Key)] TimeProvider time)
{
    public const string AccessCookie = "faucet_access";
    public const string RefreshCookie = "faucet_refresh";
    public const string RefreshCookiePath = "/api/v1/auth";

    /// <summary>Roles a signed-in player holds. Operators act with the operator token for now.</summary>
    public static IReadOnlyList<string> RolesOf(UserId user) => ["player"];

    /// <summary>The owner of <paramref name="identity"/>, creating a player for it on its first sign-in.</summary>
    public async Task<(UserId User, bool Created)> UserForAsync(IdentityKey identity, string displayName)
    {
        if (await cluster.GetGrain<IIdentityGrain>(identity.Value).GetOwnerAsync() is { } owner)
        {
            return (owner, false);
        }
        var user = UserId.New(time);
        var created = await cluster.GetGrain<IPlayerGrain>(user.Value).CreateAsync(displayName, identity);
        // Two first sign-ins at once: the one that claimed the identity first owns it.
        return created.Status == PlayerCreationStatus.IdentityTaken ? (created.IdentityOwner!.Value, false) : (user, true);
    }

    public async Task<SignedIn> StartAsync(HttpContext context, UserId user, CancellationToken cancellationToken)
    {
        var (token, session) = await refresh.StartAsync(user, cancellationToken);
        return Hand(context, user, session, token);
    }

    /// <summary>Writes the tokens into the response's cookies and returns them for the body.</summary>
    public SignedIn Hand(HttpContext context, UserId user, Guid session, string refreshToken)
    {
        var accessToken = access.Issue(user, RolesOf(user), session);
        var now = time.GetUtcNow();
        context.Response.Cookies.Append(AccessCookie, accessToken, Cookie(context, "/", access.Lifetime));
        context.Response.Cookies.Append(RefreshCookie, refreshToken, Cookie(context, RefreshCookiePath, refresh.Lifetime));
        return new SignedIn(user.Value, RolesOf(user), accessToken, now + access.Lifetime, refreshToken, now + refresh.Lifetime);
    }

    public async Task EndAsync(HttpContext context, Guid session, CancellationToken cancellationToken)
    {
        await refresh.RevokeAsync(session, cancellationToken);
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
