namespace Faucet.Api.Features.Players;

/// <summary>The coarse region codes kept for analytics: an ISO 3166-1 country (<c>US</c>) or a country with a
/// subdivision (<c>DE-BY</c>), upper case. Anything else, such as a proxy's <c>XX</c> or <c>T1</c>, is unknown.</summary>
public static class RegionCodes
{
    public const string Unknown = "unknown";

    public static string Of(string? header)
    {
        var value = header?.Trim() ?? "";
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var country = dash < 0 ? value : value[..dash];
        var subdivision = dash < 0 ? "" : value[(dash + 1)..];
        var valid = country.Length == 2 && country.All(char.IsAsciiLetter) && !country.Equals("XX", StringComparison.OrdinalIgnoreCase)
            && (dash < 0 || subdivision.Length is >= 1 and <= 3 && subdivision.All(char.IsAsciiLetterOrDigit));
        return valid ? value.ToUpperInvariant() : Unknown;
    }
}
