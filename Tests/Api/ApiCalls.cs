using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Faucet.Tests.Api;

/// <summary>One call to the Api as the end-to-end tests make it: a bearer token, a JSON body, an Idempotency-Key or
/// another header; the answer's status and its JSON (default when the body is empty or not JSON).</summary>
internal static class ApiCalls
{
    /// <summary>Waits until an Api started as a program answers <c>/health/ready</c> with success.</summary>
    public static Task ReadyAsync(HttpClient http, TimeSpan patience) => Faucet.Tests.Infrastructure.Eventually.HoldsAsync(async () =>
    {
        try
        {
            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return ready.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, patience, $"the Api at {http.BaseAddress} is ready");

    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(
        HttpClient http, HttpMethod method, string path, string? token, object? body = null, string? key = null, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (header is { } extra)
        {
            request.Headers.Add(extra.Name, extra.Value);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || text[0] is not ('{' or '[') ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
