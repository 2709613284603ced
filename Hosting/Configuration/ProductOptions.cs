using System.Globalization;

namespace Faucet.Configuration;

/// <summary><c>product.yaml</c>: the white-label face of the faucet and what it sells.</summary>
public sealed class ProductOptions : IValidatedOptions
{
    public string AppName { get; set; } = "Faucet";
    public string OrgName { get; set; } = "Faucet";
    public string BannerUrl { get; set; } = "";
    public string MediaKitUrl { get; set; } = "";
    /// <summary>The language spoken to a browser that asks for none of the offered ones.</summary>
    public string DefaultLocale { get; set; } = "en";

    /// <summary>The languages players may pick (<c>en</c>, <c>pt-BR</c>…), in the picker's order; empty offers every
    /// language the app and the configuration folder's <c>locales</c> have words for.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>One locale for every number, amount and date, whatever language is spoken; empty follows the language.</summary>
    public string FormatLocale { get; set; } = "";

    /// <summary>Where a payout's block is shown: a URL with <c>{hash}</c> where the block hash goes; empty shows no link.</summary>
    public string BlockExplorerUrl { get; set; } = "";
    public Dictionary<string, bool> FeatureFlags { get; set; } = new(StringComparer.Ordinal);
    public List<TokenPackageOptions> TokenPackages { get; set; } = [];
    public VanityPricingOptions VanityPricing { get; set; } = new();
    public int FreePullsPerDay { get; set; } = 3;
    public LiveOptions Live { get; set; } = new();
    public LegalOptions Legal { get; set; } = new();

    // Read from the locales folder when the configuration is loaded; not a YAML key, so a field rather than a property.
    private AppLanguages? appLanguages;

    /// <summary>The app's words in each offered language; set once the configuration is loaded from its folder.</summary>
    public AppLanguages AppLanguages => appLanguages ?? throw new InvalidOperationException("The languages are read when the configuration is loaded from its folder.");

    /// <summary>Reads the operator's locale files beside <c>product.yaml</c>; only called once <see cref="Validate"/> has
    /// found nothing wrong.</summary>
    public IEnumerable<(string Key, string Message)> LoadLanguages(string directory)
    {
        var (languages, problems) = AppLanguages.Load(directory, Languages);
        appLanguages = languages;
        return problems;
    }

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (AppName.Trim().Length == 0)
        {
            yield return ("app_name", "is required");
        }
        if (!IsCulture(DefaultLocale))
        {
            yield return ("default_locale", $"'{DefaultLocale}' is not a locale such as en or pt-BR");
        }
        if (FormatLocale.Length > 0 && !IsCulture(FormatLocale))
        {
            yield return ("format_locale", $"'{FormatLocale}' is not a locale such as en-US or de-DE (or empty, to follow the language spoken)");
        }
        for (var i = 0; i < Languages.Count; i++)
        {
            if (!AppLanguages.IsLanguageCode(Languages[i]))
            {
                yield return ($"languages[{i}]", $"'{Languages[i]}' is not a language code such as en or pt-BR");
            }
        }
        if (BlockExplorerUrl.Length > 0 && !IsExplorerUrl(BlockExplorerUrl))
        {
            yield return ("block_explorer_url", $"'{BlockExplorerUrl}' must be an http(s) URL with {{hash}} once, in its path or query, where the block hash goes");
        }
        foreach (var (key, value) in new[] { ("banner_url", BannerUrl), ("media_kit_url", MediaKitUrl) })
        {
            if (value.Length > 0 && !IsSitePath(value) && !OptionChecks.IsHttpUrl(value))
            {
                yield return (key, $"'{value}' must be a path on this site (such as /img/banner.svg) or an http(s) URL");
            }
        }
        if (FreePullsPerDay < 0)
        {
            yield return ("free_pulls_per_day", $"must be 0 or more (got {FreePullsPerDay})");
        }
        for (var i = 0; i < TokenPackages.Count; i++)
        {
            foreach (var (key, message) in TokenPackages[i].Validate())
            {
                yield return ($"token_packages[{i}].{key}", message);
            }
        }
        foreach (var duplicate in TokenPackages.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            yield return ("token_packages", $"id '{duplicate.Key}' is used more than once");
        }
        foreach (var (key, message) in VanityPricing.Validate())
        {
            yield return ("vanity_pricing." + key, message);
        }
        foreach (var (key, message) in Live.Validate())
        {
            yield return ("live." + key, message);
        }
        foreach (var (key, message) in Legal.Validate())
        {
            yield return ("legal." + key, message);
        }
    }

    // A path of this site, never "//host" or "/\host", which browsers read as another site.
    private static bool IsSitePath(string value) => value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal);

    private static bool IsExplorerUrl(string template)
    {
        var at = template.IndexOf("{hash}", StringComparison.Ordinal);
        if (at < 0 || template.IndexOf("{hash}", at + 1, StringComparison.Ordinal) >= 0 || !OptionChecks.IsHttpUrl(template.Replace("{hash}", "0", StringComparison.Ordinal)))
        {
            return false;
        }
        // After the host: the hash may shape the path or the query, never the site the link goes to.
        var pathStart = template.IndexOf('/', template.IndexOf("://", StringComparison.Ordinal) + 3);
        return pathStart >= 0 && at > pathStart;
    }

    private static bool IsCulture(string name)
    {
        try
        {
            return name.Length > 0 && CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
