using System.Security.Claims;
using System.Text;
using Faucet.Api.Json;
using Faucet.Audit;
using Faucet.Configuration;
using Faucet.Identities;
using Faucet.Players;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using NSec.Cryptography;

namespace Faucet.Api.Features.Sessions;

/// <summary>Wallet sign-in (an Ed25519 did:key signs a one-time challenge), refresh, sign-out, and who am I.</summary>
public static class AuthEndpoints
{
    public sealed record ChallengeBody(string? Did);

    public sealed record VerifyBody(string? Nonce, string? Signature);

    public sealed record TokenBody(string? RefreshToken);

    public sealed record SignedInPlayer(string UserId, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Identities, string? Wallet);

    public static IServiceCollection AddFaucetSessions(this IServiceCollection services)
    {
        services.AddSingleton<RevokedSessions>();
        services.AddHostedService(s => s.GetRequiredService<RevokedSessions>());
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<WalletChallenges>();
        services.AddSingleton<PlayerSessions>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Sign-in");

        auth.MapPost("/challenge", async Task<Results<Ok<WalletChallenge>, ProblemHttpResult>> (
                HttpContext context, JsonBody json, WalletChallenges challenges, IntegrationsOptions integrations, CancellationToken cancellationToken) =>
            {
                var (body, problem) = await json.ReadAsync<ChallengeBody>(context.Request, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
                if (!IdentityKey.TryParse(body!.Did, out var did, out var error) || did.Scheme != "did:key" || DidKeys.PublicKeyOf(did) is null)
                {
                    return Bad("Invalid did", "did is the did:key of the Ed25519 key that will sign: did:key:z6Mk and 44 more base58 characters.");
                }
                var domain = integrations.Sessions.Domain is { Length: > 0 } configured ? configured : context.Request.Host.Host;
                return TypedResults.Ok(await challenges.IssueAsync(domain, did, cancellationToken));
            })
            .WithSummary("Wallet sign-in, step 1: a message for the key to sign, valid for five minutes and once.");

        auth.MapPost("/verify", async Task<Results<Ok<SignedIn>, ProblemHttpResult>> (
                HttpContext context, JsonBody json, WalletChallenges challenges, PlayerSessions sessions, CancellationToken cancellationToken) =>
            {
                var (body, problem) = await json.ReadAsync<VerifyBody>(context.Request, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
                if (body!.Nonce is not { Length: 32 } nonce || !nonce.All(char.IsAsciiHexDigitLower))
                {
                    return Bad("Invalid nonce", "nonce is the 32 hex digits of a challenge from POST /api/v1/auth/challenge.");
                }
                if (SignatureBytes(body.Signature) is not { } signature)
                {
                    return Bad("Invalid signature", "signature is the 64-byte Ed25519 signature of the challenge's message (UTF-8), in base64, base64url or hex.");
                }
                if (await challenges.ConsumeAsync(nonce, cancellationToken) is not { } challenge)
                {
                    return Refused("This challenge is unknown, already used or expired; ask for a new one.");
                }
                var algorithm = SignatureAlgorithm.Ed25519;
                if (!PublicKey.TryImport(algorithm, DidKeys.PublicKeyOf(challenge.Did), KeyBlobFormat.RawPublicKey, out var key)
                    || !algorithm.Verify(key!, Encoding.UTF8.GetBytes(challenge.Message), signature))
                {
                    return Refused("The signature is not the challenge's key's signature of its message; the challenge is used up, ask for a new one.");
                }
                var (user, _) = await sessions.UserForAsync(challenge.Did, "key " + challenge.Did.Value[^6..]);
                return TypedResults.Ok(await sessions.StartAsync(context, user, cancellationToken));
            })
            .WithSummary("Wallet sign-in, step 2: the signature of the challenge; signs in (a new player on the key's first sign-in).");

        auth.MapPost("/refresh", async Task<Results<Ok<SignedIn>, ProblemHttpResult>> (
                HttpContext context, JsonBody json, RefreshTokens refresh, PlayerSessions sessions, RevokedSessions revoked, IAuditLog audit, CancellationToken cancellationToken) =>
            {
                var (token, problem) = await RefreshTokenOfAsync(context, json, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
                if (token is null)
                {
                    return Bad("No refresh token", $"Send {{\"refreshToken\": \"…\"}} or the {PlayerSessions.RefreshCookie} cookie.");
                }
                var outcome = await refresh.RotateAsync(token, cancellationToken);
                switch (outcome.Status)
                {
                    case RefreshStatus.Rotated:
                        return TypedResults.Ok(await sessions.HandAsync(context, outcome.User!.Value, outcome.Session!.Value, outcome.Token!));
                    case RefreshStatus.Reused:
                        revoked.Revoke(outcome.Session!.Value);
                        await audit.RecordAsync("sessions", "session.refresh_reused", outcome.User!.Value.Value, new { session = outcome.Session }, cancellationToken);
                        PlayerSessions.Clear(context);
                        return Refused("This refresh token was already used, so it may have been copied: the whole sign-in is ended. Sign in again.");
                    default:
                        PlayerSessions.Clear(context);
                        return Refused("This refresh token is unknown, expired or signed out. Sign in again.");
                }
            })
            .WithSummary("A new access token and the next refresh token for a refresh token (body or cookie). A refresh token works once.");

        auth.MapPost("/logout", async Task<Results<NoContent, ProblemHttpResult>> (
                HttpContext context, JsonBody json, RefreshTokens refresh, PlayerSessions sessions, CancellationToken cancellationToken) =>
            {
                var (token, problem) = await RefreshTokenOfAsync(context, json, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
                var session = token is null ? null : await refresh.RevokeAsync(token, cancellationToken);
                if (session is null && (await context.AuthenticateAsync(PlayerAuthentication.SchemeName)).Principal?.Identity is ClaimsIdentity identity)
                {
                    session = AccessTokens.SessionOf(identity);
                }
                if (session is { } ended)
                {
                    await sessions.EndAsync(context, ended, cancellationToken);
                }
                else
                {
                    PlayerSessions.Clear(context);
                }
                return TypedResults.NoContent();
            })
            .WithSummary("Signs out: the sign-in of the refresh token (body or cookie) or of the access token ends, its tokens with it.");

        auth.MapGet("/me", async Task<Results<Ok<SignedInPlayer>, ProblemHttpResult>> (ClaimsPrincipal principal, IClusterClient cluster) =>
            {
                var user = principal.Identity!.Name!;
                if (await cluster.GetGrain<IPlayerGrain>(user).GetProfileAsync() is not { } profile)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player", detail: $"The access token is for user {user}, who has no account here.");
                }
                var roles = principal.FindAll("role").Select(c => c.Value).ToList();
                return TypedResults.Ok(new SignedInPlayer(user, profile.DisplayName, roles, profile.Identities.Select(i => i.Value).ToList(), profile.Wallet?.Value));
            })
            .RequireAuthorization(PlayerAuthentication.Policy)
            .WithSummary("The signed-in player: user id, display name, roles, identities and wallet.");
        return endpoints;
    }

    /// <summary>The refresh token from a JSON body if there is one, else from the cookie.</summary>
    private static async Task<(string? Token, ProblemHttpResult? Problem)> RefreshTokenOfAsync(HttpContext context, JsonBody json, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is null or 0 && !context.Request.HasJsonContentType())
        {
            return (context.Request.Cookies[PlayerSessions.RefreshCookie], null);
        }
        var (body, problem) = await json.ReadAsync<TokenBody>(context.Request, cancellationToken);
        return problem is not null ? (null, problem) : (body!.RefreshToken ?? context.Request.Cookies[PlayerSessions.RefreshCookie], null);
    }

    private static byte[]? SignatureBytes(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }
        byte[]? bytes = null;
        if (text.Length == 128 && text.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(text);
        }
        else
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var buffer = new byte[padded.Length];
            bytes = Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
        }
        return bytes is { Length: 64 } ? bytes : null;
    }

    private static ProblemHttpResult Bad(string title, string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static ProblemHttpResult Refused(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in", detail: detail);
}
