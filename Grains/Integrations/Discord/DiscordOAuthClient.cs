using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faucet.Configuration;

namespace Faucet.Integrations.Discord;

/// <summary>
/// The live adapter: <c>POST /oauth2/token</c> (authorization_code, the client's id and secret as HTTP Basic), then
/// <c>GET /users/@me</c> and <c>GET /users/@me/guilds</c> with the player's access token. The token exchange is never
/// retried (a code works once); the reads are.
/// </summary>
public sealed class DiscordOAuthClient(HttpClient http, DiscordOptions options) : IDiscordOAuth
{
    public Uri AuthorizeUrl(string state)
    {
        var query = string.Join('&',
            "response_type=code",
            "client_id=" + Uri.EscapeDataString(options.DiscordOauthClientId),
            "scope=" + Uri.EscapeDataString(string.Join(' ', options.OauthScopes)),
            "redirect_uri=" + Uri.EscapeDataString(options.DiscordRedirectUri),
            "state=" + Uri.EscapeDataString(state),
            "prompt=none");
        return new Uri(options.AuthorizeUrl + "?" + query);
    }

    public async Task<DiscordUser> SignInAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            using var exchange = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "authorization_code",
                    ["code"] = code,
                    ["redirect_uri"] = options.DiscordRedirectUri,
                }),
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.DiscordOauthClientId}:{options.DiscordOauthClientSecret}"))) },
            };
            using var tokenResponse = await http.SendAsync(exchange, cancellationToken);
            if (tokenResponse.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                throw new DiscordSignInException("Discord refused the sign-in code (used, expired or not ours).", refused: true);
            }
            tokenResponse.EnsureSuccessStatusCode();
            var token = await tokenResponse.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
                ?? throw new DiscordSignInException("Discord answered the code exchange with nothing.", refused: false);

            var user = await GetAsync<UserAnswer>("users/@me", token.AccessToken, cancellationToken);
            var inGuild = true;
            if (options.DiscordGuildId.Length > 0)
            {
                var guilds = await GetAsync<List<GuildAnswer>>("users/@me/guilds", token.AccessToken, cancellationToken);
                inGuild = guilds.Any(g => g.Id == options.DiscordGuildId);
            }
            return new DiscordUser(user.Id, user.GlobalName is { Length: > 0 } global ? global : user.Username, inGuild);
        }
        catch (DiscordSignInException)
        {
            throw;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // Unreachable, timed out (the resilience pipeline's own exceptions too), or an answer we cannot read.
            throw new DiscordSignInException("Discord could not be reached or answered unexpectedly; try again.", refused: false, e);
        }
    }

    private async Task<T> GetAsync<T>(string path, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new JsonException($"Discord answered {path} with nothing");
    }

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string AccessToken);

    private sealed record UserAnswer(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("username")] string Username,
        [property: JsonPropertyName("global_name")] string? GlobalName);

    private sealed record GuildAnswer([property: JsonPropertyName("id")] string Id);
}
