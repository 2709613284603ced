using Faucet.Identities;
using Faucet.Integrations.Discord;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Features.Sessions;

/// <summary>Sign-in with Discord: the OAuth2 code flow, for browsers.</summary>
public static class DiscordEndpoints
{
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/auth/discord/login", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (
                string? returnTo, HttpContext context, OAuthStates states, IDiscordOAuth discord, CancellationToken cancellationToken) =>
            {
                // Only a path of this site: never an address elsewhere (nor //host, which browsers read as one).
                var target = returnTo ?? "/";
                if (!target.StartsWith('/') || target.StartsWith("//", StringComparison.Ordinal) || target.StartsWith("/\\", StringComparison.Ordinal) || target.Length > 512)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid returnTo",
                        detail: "returnTo is a path on this site, such as /play.");
                }
                var (state, nonce) = await states.IssueAsync(target, cancellationToken);
                context.Response.Cookies.Append(OAuthStates.BrowserCookie, nonce, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    Path = "/auth/discord",
                    MaxAge = OAuthStates.Lifetime,
                    IsEssential = true,
                });
                return TypedResults.Redirect(discord.AuthorizeUrl(state).ToString());
            })
            .WithTags("Sign-in")
            .WithSummary("Sign-in with Discord, step 1: sends the browser to Discord to approve (returnTo: the page to land on after).");

        endpoints.MapGet("/auth/discord/callback", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (
                string? code, string? state, string? error, HttpContext context, OAuthStates states, IDiscordOAuth discord, PlayerSessions sessions, CancellationToken cancellationToken) =>
            {
                var returnTo = await states.ConsumeAsync(state, context.Request.Cookies[OAuthStates.BrowserCookie], cancellationToken);
                context.Response.Cookies.Delete(OAuthStates.BrowserCookie, new CookieOptions { Path = "/auth/discord" });
                if (returnTo is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-in link expired or reused",
                        detail: "This Discord sign-in was not started in this browser in the last ten minutes, or was used already. Start again.");
                }
                if (error is not null || string.IsNullOrEmpty(code))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Discord sign-in cancelled",
                        detail: "Discord did not approve the sign-in.");
                }
                DiscordUser user;
                try
                {
                    user = await discord.SignInAsync(code, cancellationToken);
                }
                catch (DiscordSignInException e)
                {
                    return TypedResults.Problem(statusCode: e.Refused ? StatusCodes.Status401Unauthorized : StatusCodes.Status502BadGateway,
                        title: "Discord sign-in failed", detail: e.Message);
                }
                if (!user.InGuild)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a member of the Discord server",
                        detail: "Only members of this faucet's Discord server can play. Join it, then sign in again.");
                }
                var name = user.Name.Length > Players.PlayerProfile.MaxDisplayNameLength ? user.Name[..Players.PlayerProfile.MaxDisplayNameLength] : user.Name;
                var (player, _) = await sessions.UserForAsync(IdentityKey.Parse("discord:" + user.Id), name.Trim().Length == 0 ? "discord " + user.Id[^6..] : name);
                await sessions.StartAsync(context, player, cancellationToken);
                return TypedResults.Redirect(returnTo);
            })
            .WithTags("Sign-in")
            .WithSummary("Sign-in with Discord, step 2: Discord sends the browser back here; signs in and lands on returnTo.");
        return endpoints;
    }
}
