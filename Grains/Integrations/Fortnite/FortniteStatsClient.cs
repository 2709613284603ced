using System.Globalization;
using System.Net;
using System.Text.Json;
using Faucet.Configuration;

namespace Faucet.Integrations.Fortnite;

/// <summary>
/// The live adapter: <c>GET /v2/stats/br/v2/{accountId}</c> with the key as <c>Authorization</c>; lifetime kills at
/// <c>data.stats.all.overall.kills</c>. 403 is a private profile, 404 an unknown account, 429 over the limit (for
/// <c>Retry-After</c> seconds, else a minute). Not retried here: the kill verifier paces and repeats its own requests.
/// </summary>
public sealed class FortniteStatsClient(HttpClient http, FortniteOptions options) : IFortniteStats
{
    public async Task<FortniteAnswer> LifetimeKillsAsync(string epicAccountId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v2/stats/br/v2/" + Uri.EscapeDataString(epicAccountId));
            request.Headers.TryAddWithoutValidation("Authorization", options.FortniteApiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Forbidden:
                    return new FortniteAnswer(FortniteAnswerKind.Private);
                case HttpStatusCode.NotFound:
                    return new FortniteAnswer(FortniteAnswerKind.Unknown);
                case HttpStatusCode.TooManyRequests:
                    var wait = response.Headers.RetryAfter?.Delta
                        ?? (response.Headers.TryGetValues("X-RateLimit-Reset", out var reset) && double.TryParse(reset.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(1));
                    // Held to a sane range: a reset given as an epoch time, or nonsense, must not stop the verifier for good.
                    return new FortniteAnswer(FortniteAnswerKind.RateLimited, RetryAfter: wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > TimeSpan.FromMinutes(15) ? TimeSpan.FromMinutes(15) : wait);
            }
            response.EnsureSuccessStatusCode();
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var kills = body.RootElement.GetProperty("data").GetProperty("stats").GetProperty("all").GetProperty("overall").GetProperty("kills").GetInt64();
            return new FortniteAnswer(FortniteAnswerKind.Kills, kills);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            throw new FortniteUnavailableException("The Fortnite stats API could not be reached or answered unexpectedly.", e);
        }
    }
}
