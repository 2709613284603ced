using System.Text;
using System.Text.RegularExpressions;

namespace Faucet.Configuration;

/// <summary><c>product.yaml</c> <c>legal</c>: the terms of service and privacy policy a player accepts before paying for
/// anything, the version of that pair, and the age a player confirms. Token purchases, paid pulls and guaranteed jobs
/// are a game of chance paid with money; a minimum age of 0 turns the whole gate off.</summary>
public sealed partial class LegalOptions : IValidatedOptions
{
    /// <summary>The largest text served from a file: a policy, not a book, and read into memory at start-up.</summary>
    public const int MaxTextBytes = 64 * 1024;

    public const int MaxVersionLength = 40;

    /// <summary>The terms of service: a Markdown file in the configuration folder, or an http(s) URL.</summary>
    public string Terms { get; set; } = "terms.md";

    /// <summary>The privacy policy: a Markdown file in the configuration folder, or an http(s) URL.</summary>
    public string Privacy { get; set; } = "privacy.md";

    /// <summary>The version of the terms and privacy policy together; a new one asks every player again.</summary>
    public string Version { get; set; } = "1";

    /// <summary>The age a player confirms before paying; 0 turns the gate off (nothing is asked, nothing refused).</summary>
    public int MinimumAge { get; set; } = 18;

    // Read from the files when the configuration is loaded; not YAML keys, so fields rather than properties.
    private string? termsText;
    private string? privacyText;

    /// <summary>Whether purchases, paid pulls and jobs wait for the player's acceptance of <see cref="Version"/>.</summary>
    public bool GateOn => MinimumAge > 0;

    /// <summary>The Markdown of a document kept in a file, or null when it is a URL elsewhere.</summary>
    public string? TermsText => termsText;

    public string? PrivacyText => privacyText;

    public static bool IsUrl(string document) => OptionChecks.IsHttpUrl(document);

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!ValidVersion().IsMatch(Version))
        {
            yield return ("version", $"'{Version}' must be 1 to {MaxVersionLength} letters, digits, dots, dashes or underscores, such as 2026-12-07");
        }
        if (MinimumAge is < 0 or > 99)
        {
            yield return ("minimum_age", $"must be from 0 (no age gate) to 99 (got {MinimumAge})");
        }
        foreach (var (key, value) in new[] { ("terms", Terms), ("privacy", Privacy) })
        {
            if (value.Length == 0)
            {
                yield return (key, "is required: a Markdown file in the configuration folder (such as " + key + ".md) or an http(s) URL");
            }
            else if (!IsUrl(value) && !ValidFileName().IsMatch(value))
            {
                yield return (key, $"'{value}' must be the name of a Markdown file in the configuration folder (such as {key}.md, no folders) or an http(s) URL");
            }
        }
    }

    /// <summary>Reads the texts kept in files beside <c>product.yaml</c>; each problem names the key whose file is missing,
    /// unreadable, too large or not UTF-8. Only called once <see cref="Validate"/> has found nothing wrong.</summary>
    public IEnumerable<(string Key, string Message)> LoadTexts(string directory)
    {
        var problems = new List<(string, string)>();
        termsText = Read("terms", Terms, directory, problems);
        privacyText = Read("privacy", Privacy, directory, problems);
        return problems;
    }

    private static string? Read(string key, string document, string directory, List<(string, string)> problems)
    {
        if (IsUrl(document))
        {
            return null;
        }
        var path = Path.Combine(directory, document);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problems.Add((key, $"'{document}' is not in '{Path.GetFullPath(directory)}'"));
                return null;
            }
            if (info.Length > MaxTextBytes)
            {
                problems.Add((key, $"'{document}' is {info.Length} bytes; the most is {MaxTextBytes}"));
                return null;
            }
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');
            if (text.Trim().Length == 0)
            {
                problems.Add((key, $"'{document}' is empty"));
                return null;
            }
            return text;
        }
        catch (DecoderFallbackException)
        {
            problems.Add((key, $"'{document}' is not UTF-8 text"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add((key, $"'{document}' cannot be read: {e.Message}"));
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex ValidVersion();

    // A plain name ending in .md: never a path that could leave the configuration folder.
    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\.md$")]
    private static partial Regex ValidFileName();
}
