namespace Faucet.Configuration;

internal static class OptionChecks
{
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A URL with any user:password part replaced, safe to print.</summary>
    public static string MaskUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? value.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : value;
}
