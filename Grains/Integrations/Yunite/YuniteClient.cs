using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faucet.Configuration;
using Faucet.Players;

namespace Faucet.Integrations.Yunite;

/// <summary>
/// The live adapter: Yunite v3 <c>POST /api/v3/guild/{guildId}/registration/links</c> with the <c>Y-Api-Token</c>
/// header and <c>{"type":"DISCORD","userIds":[…]}</c>; the answer lists <c>users</c> (each with its <c>discord.id</c>
/// and <c>epic.epicID</c> / <c>epicName</c>), <c>notLinked</c> and <c>notFound</c>. A Discord id in none of them is
/// taken as not found.
/// </summary>
public sealed class YuniteClient(HttpClient http, YuniteOptions options) : IYuniteLinks
{
    public async Task<IReadOnlyDictionary<string, (EpicLinkStatus Status, string? EpicId, string? EpicName)>> LookupAsync(IReadOnlyList<string> discordIds, CancellationToken cancellationToken)
    {
        Answer answer;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v3/guild/{Uri.EscapeDataString(options.YuniteGuildId)}/registration/links")
            {
                Content = JsonContent.Create(new { type = "DISCORD", userIds = discordIds }),
                Headers = { { "Y-Api-Token", options.YuniteApiKey } },
            };
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new YuniteUnavailableException($"Yunite answered {(int)response.StatusCode} to the registration lookup.");
            }
            answer = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken) ?? throw new JsonException("an empty answer");
        }
        catch (YuniteUnavailableException)
        {
            throw;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            throw new YuniteUnavailableException("Yunite could not be reached or answered unexpectedly.", e);
        }

        var links = new Dictionary<string, (EpicLinkStatus, string?, string?)>(StringComparer.Ordinal);
        foreach (var id in discordIds)
        {
            links[id] = (EpicLinkStatus.NotFound, null, null);
        }
        foreach (var id in answer.NotLinked ?? [])
        {
            links[id] = (EpicLinkStatus.NotLinked, null, null);
        }
        foreach (var user in answer.Users ?? [])
        {
            if (user.Discord?.Id is { } id && user.Epic?.EpicId is { Length: > 0 } epic)
            {
                links[id] = (EpicLinkStatus.Linked, epic, user.Epic.EpicName);
            }
        }
        return links;
    }

    private sealed record Answer(
        [property: JsonPropertyName("users")] List<User>? Users,
        [property: JsonPropertyName("notLinked")] List<string>? NotLinked,
        [property: JsonPropertyName("notFound")] List<string>? NotFound);

    private sealed record User([property: JsonPropertyName("discord")] DiscordPart? Discord, [property: JsonPropertyName("epic")] EpicPart? Epic);

    private sealed record DiscordPart([property: JsonPropertyName("id")] string? Id);

    private sealed record EpicPart([property: JsonPropertyName("epicID")] string? EpicId, [property: JsonPropertyName("epicName")] string? EpicName);
}
