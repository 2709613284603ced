namespace Faucet.Configuration;

/// <summary>The checks that options share, each giving a problem (key and message) or nothing.</summary>
internal static partial class OptionChecks
{
    public static IEnumerable<(string Key, string Message)> Problems(params (string Key, string Message)?[] checks) =>
        checks.Where(c => c is not null).Select(c => c!.Value);

    public static (string, string)? AtLeast(string key, long value, long minimum) =>
        value < minimum ? (key, $"must be at least {minimum} (got {value})") : null;

    public static (string, string)? Between(string key, long value, long minimum, long maximum) =>
        value < minimum || value > maximum ? (key, $"must be from {minimum} to {maximum} (got {value})") : null;

    /// <summary>A boost's multiplier: from 1 to 10 with at most two decimals, so that a boosted amount is exact to the raw.</summary>
    public static (string, string)? Multiplier(string key, decimal value) =>
        value < 1 || value > 10 || value * 100 != decimal.Truncate(value * 100)
            ? (key, $"must be from 1 to 10 with at most two decimals (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})")
            : null;

    public static (string, string)? HttpUrl(string key, string value) =>
        IsHttpUrl(value) ? null : (key, $"'{MaskUrl(value)}' is not an http(s) URL");

    public static (string, string)? Required(string key, string value, bool when, string why) =>
        when && value.Length == 0 ? (key, "is required " + why) : null;

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The URL with what may carry a credential masked: a user and password, and a query string (API keys
    /// often travel as <c>?key=…</c>). Works on the raw text, not on a parsed <see cref="Uri"/>, whose escaped user
    /// info would not match a password with unusual characters.</summary>
    public static string MaskUrl(string value) => Query().Replace(UserInfo().Replace(value, "://***@"), "?***");

    [System.Text.RegularExpressions.GeneratedRegex("://[^/?#]*@")]
    private static partial System.Text.RegularExpressions.Regex UserInfo();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=://[^?#\s]*)\?[^#\s]*")]
    private static partial System.Text.RegularExpressions.Regex Query();
}
