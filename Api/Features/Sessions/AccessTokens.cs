using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Players;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Faucet.Api.Features.Sessions;

/// <summary>
/// Players' short-lived access tokens: JWTs signed with HMAC-SHA256 under the first key of
/// <c>sessions.signing_keys</c>, verified under any of them (each key is named in the token's <c>kid</c>), with
/// the user id as <c>sub</c> and the player's roles. Sign-in issues them; every player endpoint accepts them.
/// </summary>
public sealed partial class AccessTokens
{
    public const string Issuer = "faucet";
    public const string Audience = "faucet-api";

    /// <summary>The claim naming the sign-in (refresh token family) a token belongs to; revoking it ends the token.</summary>
    public const string SessionClaim = "sid";

    /// <summary>How many verified tokens are remembered; past it, the expired ones are forgotten, and all of them if
    /// that is not enough.</summary>
    internal const int VerifiedLimit = 100_000;

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly SigningCredentials signing;
    private readonly TokenValidationParameters validation;
    private readonly TimeProvider time;
    private readonly TimeSpan lifetime;
    private readonly RevokedSessions? revoked;

    /// <summary>
    /// The tokens this process has verified, by their text, with their claims and end. Checking the signature and
    /// parsing the token is most of what authentication costs a request, and a player sends the same token for its
    /// whole lifetime; a token verified before is checked only against the clock and the ended sign-ins. The keys
    /// do not change while the process runs, so a text that verified once always would.
    /// </summary>
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    public AccessTokens(IntegrationsOptions integrations, [FromKeyedServices(FaucetClock.Key)] TimeProvider time, ILogger<AccessTokens> logger, RevokedSessions? revoked = null)
    {
        this.time = time;
        this.revoked = revoked;
        lifetime = TimeSpan.FromMinutes(integrations.Sessions.AccessTokenMinutes);
        var keys = integrations.Sessions.SigningKeys.Where(k => !IntegrationsOptions.IsDefaultSecret(k)).Select(KeyOf).ToList();
        if (keys.Count == 0)
        {
            // Only reachable in a dry run (configuration refuses placeholders otherwise): a key nobody else knows
            // is safer than the published placeholder, at the price of sessions that end with this process.
            LogEphemeralKey(logger);
            keys.Add(KeyOf(Convert.ToHexString(RandomNumberGenerator.GetBytes(32))));
        }
        signing = new SigningCredentials(keys[0], SecurityAlgorithms.HmacSha256);
        validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (expires is not { } end || now >= end + parameters.ClockSkew)
                {
                    throw new SecurityTokenExpiredException("The access token has expired.") { Expires = expires ?? DateTime.MinValue };
                }
                return notBefore is not { } start || start - parameters.ClockSkew <= now;
            },
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = "role",
        };
    }

    public TimeSpan Lifetime => lifetime;

    /// <param name="session">The sign-in this token belongs to (its refresh token family), if any.</param>
    public string Issue(UserId user, IEnumerable<string> roles, Guid? session = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Value,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            ["role"] = roles.ToArray(),
        };
        if (session is { } sid)
        {
            claims[SessionClaim] = sid.ToString("N");
        }
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = signing,
            Claims = claims,
        });
    }

    /// <summary>The token's identity, or null with the reason it is refused.</summary>
    public async Task<(ClaimsIdentity? Identity, string? Problem)> ValidateAsync(string token, string authenticationType)
    {
        if (verified.TryGetValue(token, out var known))
        {
            if (time.GetUtcNow().UtcDateTime >= known.Expires + validation.ClockSkew)
            {
                verified.TryRemove(token, out _);
                return (null, Expired);
            }
        }
        else
        {
            var result = await handler.ValidateTokenAsync(token, validation);
            if (!result.IsValid)
            {
                return (null, result.Exception switch
                {
                    SecurityTokenExpiredException => Expired,
                    SecurityTokenMalformedException or ArgumentException => "The access token is malformed: it is not a JWT.",
                    _ => "The access token is not valid.",
                });
            }
            if (result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { } sub || !UserId.TryParse(sub, out _))
            {
                return (null, "The access token names no user.");
            }
            known = new Verified([.. result.ClaimsIdentity.Claims], result.SecurityToken.ValidTo);
            Remember(token, known);
        }
        var identity = new ClaimsIdentity(known.Claims, authenticationType, JwtRegisteredClaimNames.Sub, "role");
        if (SessionOf(identity) is { } session && revoked?.IsRevoked(session) == true)
        {
            return (null, "The access token's sign-in has ended (signed out or revoked): sign in again.");
        }
        return (identity, null);
    }

    /// <summary>The sign-in a validated identity belongs to, if its token names one.</summary>
    public static Guid? SessionOf(ClaimsIdentity identity) =>
        Guid.TryParseExact(identity.FindFirst(SessionClaim)?.Value, "N", out var session) ? session : null;

    private const string Expired = "The access token has expired: refresh it, or sign in again.";

    private void Remember(string token, Verified known)
    {
        if (verified.Count >= VerifiedLimit)
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var (text, entry) in verified)
            {
                if (now >= entry.Expires + validation.ClockSkew)
                {
                    verified.TryRemove(text, out _);
                }
            }
            if (verified.Count >= VerifiedLimit)
            {
                verified.Clear();
            }
        }
        verified[token] = known;
    }

    private sealed record Verified(Claim[] Claims, DateTime Expires);

    private static SymmetricSecurityKey KeyOf(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant() };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sessions.signing_keys holds only the change-me placeholder: access tokens are signed with a random key of this process, and sessions end when it stops")]
    private static partial void LogEphemeralKey(ILogger logger);
}
