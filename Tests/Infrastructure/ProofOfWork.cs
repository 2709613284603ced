using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Faucet.Tests.Infrastructure;

/// <summary>A client's side of the sign-up proof of work, as the API documents it: fetch a challenge, find the number
/// whose SHA-256 with the salt is the challenge, and send back the base64 JSON of the challenge and that number.</summary>
public static class ProofOfWork
{
    /// <summary>A solved challenge from the Api, ready to send as <c>proof</c>.</summary>
    public static async Task<string> SolveAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/v1/auth/proof-of-work");
        response.EnsureSuccessStatusCode();
        return Solve(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>A solved challenge when a wallet challenge says the key's first sign-in needs one, else null.</summary>
    public static async Task<string?> IfNeededAsync(HttpClient http, JsonElement walletChallenge) =>
        walletChallenge.GetProperty("proofOfWorkNeeded").GetBoolean() ? await SolveAsync(http) : null;

    public static string Solve(JsonElement challenge) => Answer(challenge, NumberOf(challenge));

    /// <summary>The number that solves the challenge, found by trying each from 0 up to its maxnumber.</summary>
    public static long NumberOf(JsonElement challenge)
    {
        var salt = challenge.GetProperty("salt").GetString()!;
        var target = Convert.FromHexString(challenge.GetProperty("challenge").GetString()!);
        var max = challenge.GetProperty("maxnumber").GetInt64();
        Span<byte> hash = stackalloc byte[32];
        for (var n = 0L; n <= max; n++)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(salt + n.ToString(CultureInfo.InvariantCulture)), hash);
            if (hash.SequenceEqual(target))
            {
                return n;
            }
        }
        throw new InvalidOperationException("no number up to maxnumber solves the challenge");
    }

    /// <summary>The solution the widget would send for <paramref name="number"/>, right or wrong.</summary>
    public static string Answer(JsonElement challenge, long number, string? salt = null) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
    {
        algorithm = challenge.GetProperty("algorithm").GetString(),
        challenge = challenge.GetProperty("challenge").GetString(),
        number,
        salt = salt ?? challenge.GetProperty("salt").GetString(),
        signature = challenge.GetProperty("signature").GetString(),
    }));
}
