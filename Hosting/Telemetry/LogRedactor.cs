using System.Text.RegularExpressions;

namespace Faucet.Telemetry;

/// <summary>
/// Masks what must never reach a log: the configured secrets themselves, wherever they appear, and whatever has
/// the shape of a credential — a bearer or basic authorization, a JSON Web Token, a password, token, key or secret
/// given as <c>name=value</c> or <c>"name": "value"</c>, the user and password in a URL.
/// </summary>
public sealed partial class LogRedactor
{
    public const string Mask = "***";

    /// <summary>Shorter values are not masked by themselves (they would mask ordinary words); the patterns still
    /// catch them where they appear as credentials.</summary>
    private const int ShortestSecret = 6;

    private readonly string[] secrets;

    public LogRedactor(IEnumerable<string?> secrets)
    {
        // Longest first, so that a secret containing another is masked whole.
        this.secrets = secrets.OfType<string>().Select(s => s.Trim()).Where(s => s.Length >= ShortestSecret)
            .Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    public string Redact(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        text = UrlUserInfoPattern().Replace(text, "://" + Mask + "@");
        text = AuthorizationPattern().Replace(text, m => m.Groups["scheme"].Value + Mask);
        text = JwtPattern().Replace(text, Mask);
        text = QuotedCredentialPattern().Replace(text, m => m.Groups["name"].Value + Mask + "\"");
        return NamedCredentialPattern().Replace(text, m => m.Groups["name"].Value + Mask);
    }

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex("://[^/?#@\\s]+@")]
    private static partial Regex UrlUserInfoPattern();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex JwtPattern();

    /// <summary>A quoted JSON value, spaces and escapes included: <c>"password": "correct horse"</c>.</summary>
    [GeneratedRegex(
        @"(?<name>(?:password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|master[_-]?key|signing[_-]?key|client[_-]?secret)""\s*:\s*"")(?!\*\*\*"")(?:[^""\\]|\\.)*""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedCredentialPattern();

    [GeneratedRegex(
        @"(?<name>(?:password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|master[_-]?key|signing[_-]?key|client[_-]?secret)[""']?\s*[=:]\s*[""']?)(?!\*\*\*)[^\s;&""',}\]]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedCredentialPattern();
}
