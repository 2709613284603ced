using Faucet.Configuration;
using Faucet.Players;
using Faucet.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Sessions;

/// <summary>Sign-in with Discord: the OAuth2 code flow, for browsers.</summary>
public static partial class DiscordEndpoints
{
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/auth/discord/login", StartSignInAsync)
            .WithTags("Sign-in")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status302Found)
            .WithSummary("Sign-in with Discord, step 1: sends the browser to Discord to approve (returnTo: the page to land on after; "
                + "proof: a solved proof of work, which a new player needs, as for POST /api/v1/auth/register).");

        endpoints.MapGet("/auth/discord/callback", CompleteSignInAsync)
            .WithTags("Sign-in")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .Produces(StatusCodes.Status302Found)
            .WithSummary("Sign-in with Discord, step 2: Discord sends the browser back here; signs in and lands on returnTo. A new "
                + "player who brought no proof of work lands on the app's sign-in page with ?signup=proof-of-work (and returnTo) instead.");
        return endpoints;
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> StartSignInAsync(
        string? returnTo, string? proof, HttpContext context, OAuthStates states, IClusterClient cluster, IntegrationsOptions integrations, ProofsOfWork proofs)
    {
        if (SimulatedOutsideDryRun(integrations) is { } off)
        {
            return off;
        }
        // Only a path of this site, in plain ASCII: never an address elsewhere (nor //host, /\host or a path
        // with control characters, which browsers read as one).
        var target = returnTo ?? "/";
        if (!RedirectHttpResult.IsLocalUrl(target) || target.Any(c => c is < '!' or > '~') || target.Length > 512)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid returnTo",
                detail: "returnTo is a path on this site, such as /play.");
        }
        var (checkedProof, proofProblem) = AuthEndpoints.ProofOf(proof, proofs);
        if (proofProblem is not null)
        {
            return proofProblem;
        }
        var (state, nonce) = await states.IssueAsync(target, checkedProof);
        context.Response.Cookies.Append(OAuthStates.BrowserCookie, nonce, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/auth/discord",
            MaxAge = OAuthStates.Lifetime,
            IsEssential = true,
        });
        return TypedResults.Redirect(await cluster.GetGrain<IDiscordSignInGrain>(0).AuthorizeUrlAsync(state));
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> CompleteSignInAsync(
        string? code, string? state, string? error, HttpContext context, OAuthStates states, IClusterClient cluster, PlayerSessions sessions,
        IntegrationsOptions integrations, ILogger<PlayerSessions> logger)
    {
        if (SimulatedOutsideDryRun(integrations) is { } off)
        {
            return off;
        }
        var started = await states.ConsumeAsync(state, context.Request.Cookies[OAuthStates.BrowserCookie]);
        context.Response.Cookies.Delete(OAuthStates.BrowserCookie, new CookieOptions { Path = "/auth/discord" });
        if (started is not var (returnTo, proof))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-in link expired or reused",
                detail: "This Discord sign-in was not started in this browser in the last ten minutes, or was used already. Start again.");
        }
        if (error is not null || string.IsNullOrEmpty(code))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Discord sign-in cancelled",
                detail: "Discord did not approve the sign-in.");
        }
        var discord = await cluster.GetGrain<IDiscordSignInGrain>(0).SignInAsync(code, proof);
        if (discord.Status == DiscordSignInStatus.ProofOfWorkNeeded)
        {
            // The app asks the new player for the proof and starts the sign-in again with it, to land where it would have.
            return TypedResults.LocalRedirect("/?signup=proof-of-work#/signin?returnTo=" + Uri.EscapeDataString(returnTo.TrimStart('/')));
        }
        if (discord is not { Status: DiscordSignInStatus.SignedIn, SignedIn: { } signIn })
        {
            return discord.Status == DiscordSignInStatus.NotAMember
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a member of the Discord server",
                    detail: "Only members of this faucet's Discord server can play. Join it, then sign in again.")
                : TypedResults.Problem(statusCode: discord.Status == DiscordSignInStatus.CodeRefused ? StatusCodes.Status401Unauthorized : StatusCodes.Status502BadGateway,
                    title: "Discord sign-in failed", detail: discord.Problem);
        }
        var player = signIn.User;
        if (await cluster.GetGrain<IPlayerGrain>(player.Value).RefreshEpicLinkAsync(admin: null) is { Status: EpicLinkRefreshStatus.YuniteUnavailable } refresh)
        {
            // The sign-in stands; the player's Epic link stays as it was until a later check.
            LogYuniteUnavailable(logger, player.Value, refresh.Problem);
        }
        await sessions.StartAsync(context, signIn);
        return TypedResults.LocalRedirect(returnTo);
    }

    /// <summary>The simulated Discord signs everyone in as one demo player: only a dry run may offer that.</summary>
    private static ProblemHttpResult? SimulatedOutsideDryRun(IntegrationsOptions integrations) =>
        integrations.SimulatedWhereBanIsReal(integrations.Discord.Mode)
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Discord sign-in is not set up",
                detail: "Discord sign-in is simulated here, which only a dry run offers; the operator sets discord.mode: live.")
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Yunite could not be asked about {UserId} at sign-in: {Problem}")]
    private static partial void LogYuniteUnavailable(ILogger logger, string userId, string? problem);
}
