using System.Security.Claims;
using Faucet.Api.Features.Clicker;
using Faucet.Api.Hosting;
using Faucet.Api.Json;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Players;
using Faucet.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Sessions;

/// <summary>Wallet sign-in (an Ed25519 did:key signs a one-time challenge), refresh, sign-out, and who am I.</summary>
public static class AuthEndpoints
{
    public sealed record ChallengeBody(string? Did);

    public sealed record VerifyBody(string? Nonce, string? Signature, string? Proof = null);

    public sealed record TokenBody(string? RefreshToken);

    public sealed record RegisterBody(string? Email, string? Password, string? DisplayName = null, string? Proof = null);

    public sealed record LoginBody(string? Email, string? Password);

    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;

    public sealed record SignedInPlayer(string UserId, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Identities, string? Wallet);

    public static IServiceCollection AddFaucetSessions(this IServiceCollection services)
    {
        services.AddSingleton<RevokedSessions>();
        services.AddHostedService(s => s.GetRequiredService<RevokedSessions>());
        services.AddSingleton<PlayerSessions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<OAuthStates>();
        services.AddSingleton<ProofsOfWork>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Sign-in");

        auth.MapGet("/proof-of-work", IssueProofOfWork)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ServedWithoutCluster()
            .WithSummary("A proof-of-work challenge (ALTCHA) for a new player's sign-up, valid for ten minutes and once: find the number n "
                + "from 0 to maxnumber whose SHA-256 of salt followed by n in decimal is challenge (hex), then send proof: the base64 of "
                + "{\"algorithm\", \"challenge\", \"number\", \"salt\", \"signature\"}. 404 when this faucet asks none.");

        auth.MapPost("/challenge", IssueChallengeAsync)
            .AcceptsJson<ChallengeBody>()
            .WithSummary("Wallet sign-in, step 1: a message for the key to sign, valid for five minutes and once; proofOfWorkNeeded "
                + "says the key has no player yet and step 2 needs a proof of work.");

        auth.MapPost("/verify", VerifySignatureAsync)
            .AcceptsJson<VerifyBody>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Wallet sign-in, step 2: the signature of the challenge; signs in (a new player on the key's first sign-in, "
                + "with a proof of work when the challenge said so).");

        auth.MapPost("/register", RegisterAsync)
            .AcceptsJson<RegisterBody>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Creates a player with an e-mail and a password (10 to 128 characters), with a proof of work unless this "
                + "faucet asks none, and signs them in.");

        auth.MapPost("/login", LoginAsync)
            .AcceptsJson<LoginBody>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Signs in with an e-mail and a password. Attempts are limited per account and per address.");

        auth.MapPost("/refresh", RefreshAsync)
            .AcceptsJson<TokenBody>(optional: true)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("A new access token and the next refresh token for a refresh token (body or cookie). A refresh token works once.");

        auth.MapPost("/logout", LogoutAsync)
            .AcceptsJson<TokenBody>(optional: true)
            .WithSummary("Signs out: the sign-in of the refresh token (body or cookie) or of the access token ends, its tokens with it.");

        auth.MapGet("/me", GetSignedInPlayerAsync)
            .RequireAuthorization(PlayerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The signed-in player: user id, display name, roles, identities and wallet.");
        return endpoints;
    }

    private static Results<Ok<ProofsOfWork.ProofChallenge>, ProblemHttpResult> IssueProofOfWork(HttpContext context, ProofsOfWork proofs)
    {
        if (!proofs.Asked)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No proof of work",
                detail: "This faucet asks new players for no proof of work (sessions.signup_proof_of_work is 0).");
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(proofs.Issue());
    }

    /// <summary>The proof a request brought, checked: (null, null) when it brought none.</summary>
    internal static (SignUpProof? Proof, ProblemHttpResult? Problem) ProofOf(string? solution, ProofsOfWork proofs)
    {
        if (solution is null || !proofs.Asked)
        {
            return (null, null);
        }
        return proofs.Check(solution, out var why) is { } proof ? (proof, null) : (null, Bad("Invalid proof", why!));
    }

    internal static ProblemHttpResult ProofMissing() => Bad("Proof of work needed",
        "New players solve a proof of work first: get a challenge from GET /api/v1/auth/proof-of-work, solve it and send it as proof.");

    internal static ProblemHttpResult ProofUsed() => Bad("Proof of work already used",
        "This proof of work made a player before: solve a new challenge from GET /api/v1/auth/proof-of-work.");

    internal static ProblemHttpResult ProofExpired() => Bad("Proof of work expired",
        "This proof of work's challenge expired before the sign-up: solve a new one from GET /api/v1/auth/proof-of-work.");

    private static async Task<Results<Ok<WalletChallenge>, ProblemHttpResult>> IssueChallengeAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, IntegrationsOptions integrations, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<ChallengeBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var domain = integrations.Sessions.Domain is { Length: > 0 } configured ? configured : context.Request.Host.Host;
        if (!IdentityKey.TryParse(body!.Did, out var did, out _) || did.Scheme != "did:key"
            || await cluster.GetGrain<ISignInDeskGrain>(0).ChallengeAsync(domain, did) is not { } challenge)
        {
            return Bad("Invalid did", "did is the did:key of the Ed25519 key that will sign: did:key:z6Mk and 44 more base58 characters.");
        }
        return TypedResults.Ok(challenge);
    }

    private static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> VerifySignatureAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, PlayerSessions sessions, ProofsOfWork proofs, CancellationToken cancellationToken)
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
        var (proof, proofProblem) = ProofOf(body.Proof, proofs);
        if (proofProblem is not null)
        {
            return proofProblem;
        }
        var signIn = await cluster.GetGrain<IWalletChallengeGrain>(nonce).SignInAsync(signature, proof);
        return signIn.Status switch
        {
            WalletSignInStatus.SignedIn => TypedResults.Ok(await sessions.StartAsync(context, signIn.SignedIn!)),
            WalletSignInStatus.WrongSignature => Refused("The signature is not the challenge's key's signature of its message; the challenge is used up, ask for a new one."),
            WalletSignInStatus.ProofOfWorkMissing => ProofMissing(),
            WalletSignInStatus.ProofOfWorkUsed => ProofUsed(),
            WalletSignInStatus.ProofOfWorkExpired => ProofExpired(),
            _ => Refused("This challenge is unknown, already used or expired; ask for a new one."),
        };
    }

    private static async Task<Results<Created<SignedIn>, ProblemHttpResult>> RegisterAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, LoginThrottle throttle, PlayerSessions sessions, ProofsOfWork proofs,
        [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<RegisterBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (EmailOf(body!.Email) is not { } identity)
        {
            return Bad("Invalid email", "email is required: an e-mail address such as ana@example.org.");
        }
        if (body.Password is not { Length: >= MinPasswordLength and <= MaxPasswordLength } password)
        {
            return Bad("Invalid password", $"password must be {MinPasswordLength} to {MaxPasswordLength} characters.");
        }
        var email = identity.Value["email:".Length..];
        if (body.DisplayName is { } name && (name.Trim().Length is 0 or > PlayerProfile.MaxDisplayNameLength || name.Any(char.IsControl)))
        {
            return Bad("Invalid displayName", $"displayName is 1 to {PlayerProfile.MaxDisplayNameLength} visible characters.");
        }
        var (proof, proofProblem) = ProofOf(body.Proof, proofs);
        if (proofProblem is not null)
        {
            return proofProblem;
        }
        if (proof is null && proofs.Asked)
        {
            return ProofMissing();
        }
        if (!throttle.TryRegister(context, time.GetUtcNow(), out var wait))
        {
            return TooMany(context, wait);
        }
        var registered = await cluster.GetGrain<IPasswordCredentialGrain>(email).RegisterAsync(password, body.DisplayName, proof);
        switch (registered.Status)
        {
            case PasswordSignInStatus.ProofOfWorkMissing:
                return ProofMissing();
            case PasswordSignInStatus.ProofOfWorkUsed:
                return ProofUsed();
            case PasswordSignInStatus.ProofOfWorkExpired:
                return ProofExpired();
        }
        if (registered.SignedIn is not { } signIn)
        {
            return EmailTaken();
        }
        return TypedResults.Created("/api/v1/auth/me", await sessions.StartAsync(context, signIn));
    }

    private static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> LoginAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, LoginThrottle throttle, PlayerSessions sessions,
        ClientHashes hashes, [FromKeyedServices(FaucetClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<LoginBody>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (EmailOf(body!.Email) is not { } identity || body.Password is not { Length: > 0 and <= MaxPasswordLength } password)
        {
            return Bad("Invalid sign-in", "email and password are required.");
        }
        var email = identity.Value["email:".Length..];
        var credential = cluster.GetGrain<IPasswordCredentialGrain>(email);
        if (!throttle.TryAttempt(email, context, time.GetUtcNow(), out var wait, out var report))
        {
            if (report is not null)
            {
                // Suspicious: someone is guessing passwords. The address only as a keyed hash.
                await credential.RecordThrottledAsync(report, hashes.Of(ClientRateLimits.ClientOf(context.Connection.RemoteIpAddress)));
            }
            return TooMany(context, wait);
        }
        var signIn = await credential.SignInAsync(password);
        if (signIn.Status == PasswordSignInStatus.WrongCredentials)
        {
            return Refused("The e-mail or the password is wrong.");
        }
        throttle.Succeeded(email, context);
        return signIn.SignedIn is { } started ? TypedResults.Ok(await sessions.StartAsync(context, started)) : EmailTaken();
    }

    private static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> RefreshAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, PlayerSessions sessions, RevokedSessions revoked, CancellationToken cancellationToken)
    {
        var (token, fromCookie, problem) = await RefreshTokenOfAsync(context, json, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (token is null)
        {
            return Bad("No refresh token", $"Send {{\"refreshToken\": \"…\"}} or the {PlayerSessions.RefreshCookie} cookie.");
        }
        var outcome = await cluster.GetGrain<ISignInDeskGrain>(0).RefreshAsync(token);
        switch (outcome.Status)
        {
            case RefreshStatus.Rotated:
                // A token that came in the cookie goes back only in the cookie, out of reach of the page's scripts.
                return TypedResults.Ok(await sessions.HandAsync(context, outcome.User!.Value, outcome.Session!.Value, outcome.Token!, refreshTokenInBody: !fromCookie && !PlayerSessions.FromBrowser(context.Request)));
            case RefreshStatus.Reused:
                revoked.Revoke(outcome.Session!.Value);
                PlayerSessions.Clear(context);
                return Refused("This refresh token was already used, so it may have been copied: the whole sign-in is ended. Sign in again.");
            default:
                PlayerSessions.Clear(context);
                return Refused("This refresh token is unknown, expired or signed out. Sign in again.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(
        HttpContext context, JsonBody json, IClusterClient cluster, PlayerSessions sessions, CancellationToken cancellationToken)
    {
        var (token, _, problem) = await RefreshTokenOfAsync(context, json, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var session = token is null ? null : await cluster.GetGrain<ISignInDeskGrain>(0).EndAsync(token);
        if (session is null && (await context.AuthenticateAsync(PlayerAuthentication.SchemeName)).Principal?.Identity is ClaimsIdentity identity)
        {
            session = AccessTokens.SessionOf(identity);
        }
        if (session is { } ended)
        {
            await sessions.EndAsync(context, ended);
        }
        else
        {
            PlayerSessions.Clear(context);
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SignedInPlayer>, ProblemHttpResult>> GetSignedInPlayerAsync(ClaimsPrincipal principal, IClusterClient cluster)
    {
        var user = principal.Identity!.Name!;
        if (await cluster.GetGrain<IPlayerGrain>(user).GetProfileAsync() is not { } profile)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such player", detail: $"The access token is for user {user}, who has no account here.");
        }
        var roles = principal.FindAll("role").Select(c => c.Value).ToList();
        return TypedResults.Ok(new SignedInPlayer(user, profile.DisplayName, roles, profile.Identities.Select(i => i.Value).ToList(), profile.Wallet?.Value));
    }

    /// <summary>The refresh token from a JSON body if there is one, else from the cookie.</summary>
    private static async Task<(string? Token, bool FromCookie, ProblemHttpResult? Problem)> RefreshTokenOfAsync(HttpContext context, JsonBody json, CancellationToken cancellationToken)
    {
        var cookie = context.Request.Cookies[PlayerSessions.RefreshCookie];
        if (context.Request.ContentLength is null or 0 && !context.Request.HasJsonContentType())
        {
            return (cookie, cookie is not null, null);
        }
        var (body, problem) = await json.ReadAsync<TokenBody>(context.Request, cancellationToken);
        return problem is not null ? (null, false, problem)
            : body!.RefreshToken is { } token ? (token, false, null)
            : (cookie, cookie is not null, null);
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

    private static IdentityKey? EmailOf(string? email) =>
        email is { Length: > 0 } && !email.Contains(':', StringComparison.Ordinal) && !email.Any(char.IsControl) && IdentityKey.TryParse("email:" + email, out var identity, out _) ? identity : null;

    /// <summary>The e-mail already belongs to a player (a registration that came second, or an identity held by another).</summary>
    private static ProblemHttpResult EmailTaken() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "E-mail taken",
        detail: "A player with this e-mail exists; sign in instead.");

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan wait)
    {
        Faucet.Telemetry.FaucetMetrics.RateLimited("sign_in");
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts",
            detail: "Too many attempts for this account or from this address; wait for Retry-After seconds.");
    }

    private static ProblemHttpResult Bad(string title, string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static ProblemHttpResult Refused(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in", detail: detail);
}
