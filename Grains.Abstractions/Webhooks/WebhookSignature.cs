using System.Security.Cryptography;
using System.Text;

namespace Faucet.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</c> over
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the base64-decoded secret (its <c>whsec_</c> prefix is
/// optional).
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes of a secret, or null when it is not base64 of 24 to 64 bytes.</summary>
    public static byte[]? KeyOf(string secret)
    {
        var text = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length is >= 24 and <= 64 ? buffer[..length] : null;
    }

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("A webhook secret is base64 of 24 to 64 bytes, optionally after whsec_.", nameof(secret));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
