using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Faucet.Configuration;

/// <summary>One language the player app speaks: its code and its name in its own words.</summary>
public sealed record AppLanguage(string Code, string Name);

/// <summary>The player app's words, one flat dictionary of key → text per language: the app's own files
/// (<c>Api/wwwroot/locales</c>, built into this assembly), each overlaid by the operator's file of the same language in
/// the configuration folder's <c>locales</c> (which may also add a language), English filling any gap, offered as
/// <c>product.yaml</c> <c>languages</c> says (empty: every one there is).</summary>
public sealed partial class AppLanguages
{
    public const string English = "en";
    public const string Folder = "locales";

    /// <summary>The key whose text is a language's name in its own words, shown in the language picker.</summary>
    public const string NameKey = "language.name";

    /// <summary>The largest locale file read: a few hundred short texts, not a book.</summary>
    public const int MaxFileBytes = 512 * 1024;

    // The app's own languages in the order the picker lists them; an operator's new language comes after.
    private static readonly string[] ShippedOrder = [English, "es", "pt-BR", "de", "fr"];

    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, string>>> Shipped = new(ReadShipped);

    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> words;

    private AppLanguages(IReadOnlyList<AppLanguage> offered, Dictionary<string, IReadOnlyDictionary<string, string>> words)
    {
        Offered = offered;
        this.words = words;
    }

    /// <summary>The languages players may pick, in the picker's order.</summary>
    public IReadOnlyList<AppLanguage> Offered { get; }

    /// <summary>Every word of an offered language (English where it has none), or null for a language not offered.</summary>
    public IReadOnlyDictionary<string, string>? Words(string code) => words.GetValueOrDefault(code);

    /// <summary>The app's own dictionaries as shipped, before any operator file: what the checks compare against.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ShippedWords => Shipped.Value;

    /// <summary>Reads the operator's files in <c>locales</c> beside <c>product.yaml</c> and settles what is offered; each
    /// problem names the file or the <c>languages</c> entry at fault.</summary>
    public static (AppLanguages? Languages, IReadOnlyList<(string Key, string Message)> Problems) Load(string directory, IReadOnlyList<string> offered)
    {
        var problems = new List<(string, string)>();
        var english = Shipped.Value[English];
        var own = ReadOperatorFiles(Path.Combine(directory, Folder), english, problems);

        var available = Shipped.Value.Keys.Concat(own.Keys).Distinct(StringComparer.Ordinal).ToList();
        var codes = offered.Count == 0
            ? [.. ShippedOrder.Where(available.Contains), .. available.Except(ShippedOrder, StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : offered.ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            if (!available.Contains(codes[i], StringComparer.Ordinal))
            {
                problems.Add(($"languages[{i}]", $"'{codes[i]}' has no words: the app speaks {string.Join(", ", available.Order(StringComparer.Ordinal))}; add {Folder}/{codes[i]}.json beside product.yaml for another"));
            }
        }
        foreach (var twice in codes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(("languages", $"'{twice.Key}' is listed more than once"));
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var merged = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            var all = new Dictionary<string, string>(english, StringComparer.Ordinal);
            foreach (var layer in new[] { Shipped.Value.GetValueOrDefault(code), own.GetValueOrDefault(code) })
            {
                foreach (var (key, text) in layer ?? new Dictionary<string, string>())
                {
                    all[key] = text;
                }
            }
            merged[code] = all;
        }
        var list = codes.Select(c => new AppLanguage(c, merged[c].GetValueOrDefault(NameKey) is { } name && (c == English || name != english[NameKey])
            ? name
            : CultureInfo.GetCultureInfo(c).NativeName)).ToList();
        return (new AppLanguages(list, merged), problems);
    }

    /// <summary>The {name} placeholders of a text, which a translation must not add to.</summary>
    public static IReadOnlySet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A file's language code, if it names one (<c>de</c>, <c>pt-BR</c>).</summary>
    public static bool IsLanguageCode(string code)
    {
        if (!Code().IsMatch(code))
        {
            return false;
        }
        try
        {
            return CultureInfo.GetCultureInfo(code, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadOperatorFiles(string folder, IReadOnlyDictionary<string, string> english, List<(string, string)> problems)
    {
        var own = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return own;
        }
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var file = $"{Folder}/{Path.GetFileName(path)}";
            if (!path.EndsWith(".json", StringComparison.Ordinal))
            {
                problems.Add((file, "is not a .json file: the folder holds one <language>.json per language, such as de.json or pt-BR.json"));
                continue;
            }
            var code = Path.GetFileNameWithoutExtension(path);
            if (!IsLanguageCode(code))
            {
                problems.Add((file, $"'{code}' is not a language code such as de or pt-BR"));
                continue;
            }
            var dictionary = ReadFile(path, file, problems);
            if (dictionary is null)
            {
                continue;
            }
            foreach (var (key, text) in dictionary)
            {
                // A language may count in more forms than English's one and other (few, many…): each is checked as other.
                if (!english.TryGetValue(key, out var englishText) && !(CountedForm().Match(key) is { Success: true } form
                    && english.TryGetValue(form.Groups[1].Value + ".other", out englishText)))
                {
                    problems.Add((file, $"'{key}' is not a key of the app; the keys are those of Api/wwwroot/locales/en.json"));
                }
                else if (Placeholders(text).Except(Placeholders(englishText)).FirstOrDefault() is { } unknown)
                {
                    problems.Add((file, $"'{key}' uses {{{unknown}}}, which the app does not fill there (it fills {string.Join(", ", Placeholders(englishText).Select(p => "{" + p + "}").DefaultIfEmpty("nothing"))})"));
                }
            }
            own[code] = dictionary;
        }
        return own;
    }

    private static Dictionary<string, string>? ReadFile(string path, string file, List<(string, string)> problems)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                problems.Add((file, $"is {info.Length} bytes; the most is {MaxFileBytes}"));
                return null;
            }
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
            return Parse(text.TrimStart('\uFEFF'), out var error) ?? Fail(error);
        }
        catch (DecoderFallbackException)
        {
            return Fail("is not UTF-8 text");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot be read: {e.Message}");
        }

        Dictionary<string, string>? Fail(string message)
        {
            problems.Add((file, message));
            return null;
        }
    }

    /// <summary>A flat JSON object of key → non-empty text, or null with what is wrong.</summary>
    public static Dictionary<string, string>? Parse(string json, out string error)
    {
        error = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = $"is not JSON: {e.Message}";
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "must be one JSON object of key → text, such as {\"app.nav.home\": \"Start\"}";
                return null;
            }
            var words = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString()!.Trim().Length == 0)
                {
                    error = $"'{property.Name}' must be a text, not {(property.Value.ValueKind == JsonValueKind.String ? "empty" : property.Value.ValueKind.ToString().ToLowerInvariant())}";
                    return null;
                }
                if (!words.TryAdd(property.Name, property.Value.GetString()!))
                {
                    error = $"'{property.Name}' is given twice";
                    return null;
                }
            }
            return words;
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadShipped()
    {
        var assembly = typeof(AppLanguages).Assembly;
        var shipped = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        const string prefix = "Faucet.Locales.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var code = name[prefix.Length..^".json".Length];
            shipped[code] = Parse(reader.ReadToEnd(), out var error) ?? throw new InvalidOperationException($"The app's own {code}.json {error}.");
        }
        return shipped.ContainsKey(English) ? shipped : throw new InvalidOperationException("The app's own en.json is not built in.");
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")]
    private static partial Regex Code();

    [GeneratedRegex(@"^(.+)\.(zero|two|few|many)$")]
    private static partial Regex CountedForm();
}
