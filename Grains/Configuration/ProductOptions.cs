using System.Globalization;

namespace Faucet.Configuration;

/// <summary><c>product.yaml</c>: the white-label face of the faucet and what it sells.</summary>
public sealed class ProductOptions : IValidatedOptions
{
    public string AppName { get; set; } = "Faucet";
    public string OrgName { get; set; } = "Faucet";
    public string BannerUrl { get; set; } = "";
    public string MediaKitUrl { get; set; } = "";
    public string DefaultLocale { get; set; } = "en";

    /// <summary>Where a payout's block is shown: a URL with <c>{hash}</c> where the block hash goes; empty shows no link.</summary>
    public string BlockExplorerUrl { get; set; } = "";
    public Dictionary<string, bool> FeatureFlags { get; set; } = new(StringComparer.Ordinal);
    public List<TokenPackageOptions> TokenPackages { get; set; } = [];
    public VanityPricingOptions VanityPricing { get; set; } = new();
    public int FreePullsPerDay { get; set; } = 3;
    public LiveOptions Live { get; set; } = new();

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
        if (BlockExplorerUrl.Length > 0 && (!OptionChecks.IsHttpUrl(BlockExplorerUrl.Replace("{hash}", "0", StringComparison.Ordinal)) || !BlockExplorerUrl.Contains("{hash}", StringComparison.Ordinal)))
        {
            yield return ("block_explorer_url", $"'{BlockExplorerUrl}' must be an http(s) URL with {{hash}} where the block hash goes");
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
