namespace Faucet.Configuration;

/// <summary>The configuration cannot be used; <see cref="Problems"/> names every file and key at fault.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigProblem> problems)
    : Exception("Faucet configuration is invalid:" + string.Concat(problems.Select(p => "\n  " + p)))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
