namespace Faucet.Configuration;

/// <summary>The three operator files, loaded and validated together.</summary>
public sealed record FaucetConfiguration(PayoutOptions Payout, IntegrationsOptions Integrations, ProductOptions Product)
{
    public const string PayoutFile = "payout.yaml";
    public const string IntegrationsFile = "integrations.yaml";
    public const string ProductFile = "product.yaml";

    /// <summary>
    /// Loads <c>payout.yaml</c>, <c>integrations.yaml</c> and <c>product.yaml</c> from <paramref name="directory"/>.
    /// Throws <see cref="ConfigurationException"/> listing every problem, each with its file and key.
    /// </summary>
    public static FaucetConfiguration Load(string directory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var problems = new List<ConfigProblem>();
        var payout = LoadFile<PayoutOptions>(directory, PayoutFile, environment, problems);
        var integrations = LoadFile<IntegrationsOptions>(directory, IntegrationsFile, environment, problems);
        var product = LoadFile<ProductOptions>(directory, ProductFile, environment, problems);
        if (!problems.Any(p => p.File == ProductFile))
        {
            // The texts live beside product.yaml, so only the loader, which knows the folder, can read them.
            problems.AddRange(product.Legal.LoadTexts(directory).Select(p => new ConfigProblem(ProductFile, "legal." + p.Key, p.Message)));
            // A locale file's problem is the file's; a languages entry's is product.yaml's.
            problems.AddRange(product.LoadLanguages(directory).Select(p => p.Key.StartsWith(AppLanguages.Folder + "/", StringComparison.Ordinal)
                ? new ConfigProblem(p.Key, "", p.Message)
                : new ConfigProblem(ProductFile, p.Key, p.Message)));
        }
        if (payout.DonationMilestones.Count > 0 && integrations.Banano.DonationAddress.Length == 0 && problems.Count == 0)
        {
            problems.Add(new ConfigProblem(PayoutFile, "donation_milestones", "need donations to count: set banano.donation_address in integrations.yaml, or list no milestones"));
        }
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
        return new FaucetConfiguration(payout, integrations, product);
    }

    private static T LoadFile<T>(string directory, string fileName, Func<string, string?> environment, List<ConfigProblem> problems)
        where T : IValidatedOptions, new()
    {
        var options = new T();
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            problems.Add(new ConfigProblem(fileName, "", $"file not found in '{Path.GetFullPath(directory)}'"));
            return options;
        }

        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ConfigProblem(fileName, "", $"cannot be read: {e.Message}"));
            return options;
        }

        var binder = new YamlOptionsBinder(fileName, environment);
        binder.Bind(options, yaml);
        problems.AddRange(binder.Problems);
        if (binder.Problems.Count == 0)
        {
            problems.AddRange(options.Validate().Select(p => new ConfigProblem(fileName, p.Key, p.Message)));
        }
        return options;
    }
}
