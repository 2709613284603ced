using System.Security.Cryptography;
using System.Text;

namespace Faucet.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c> over
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the bytes of the secret after its <c>whsec_</c> prefix
/// (base64).
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = secret.StartsWith(Prefix, StringComparison.Ordinal) ? Convert.FromBase64String(secret[Prefix.Length..]) : Encoding.UTF8.GetBytes(secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
