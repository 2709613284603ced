using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Faucet.Api.Json;

/// <summary>
/// The <c>Idempotency-Key</c> header that requests which create or move something carry (a manual payout, a token
/// grant, a purchase, a pull, a job): a request sent again with the same key is the same request, done once.
/// </summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 100;

    /// <summary>The request's key, or null when it has none or an unusable one (too long, control characters).</summary>
    public static string? Of(HttpRequest request)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        return key.Length is 0 or > MaxLength || key.Any(char.IsControl) ? null : key;
    }

    /// <summary>The id that one user's key always gives, so that ids of different users never meet.</summary>
    public static string IdFor(string userId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId + "\n" + key)))[..26];

    /// <param name="what">What each new key stands for ("payout", "purchase", …).</param>
    public static ProblemHttpResult Required(string what) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Idempotency-Key required",
        detail: $"Send an Idempotency-Key header (1 to {MaxLength} characters, new for each {what}): a request sent again with it is the same request, done once.");
}
