using System.Text.RegularExpressions;
using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Architecture;

/// <summary>The Api is a client of the grains: it knows their contracts and what every process shares, and it writes no
/// table (every table's writer is a grain, README "Who writes each table").</summary>
public sealed partial class ApiBoundaryTests
{
    [Fact]
    public void The_Api_references_the_grain_contracts_and_the_shared_hosting_but_not_the_grains()
    {
        var references = typeof(Faucet.Api.FaucetApiHost).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Faucet.Grains.Abstractions", references);
        Assert.Contains("Faucet.Hosting", references);
        Assert.DoesNotContain("Faucet.Grains", references);
    }

    [Fact]
    public void No_statement_in_the_Api_writes_a_table()
    {
        var writes = Directory.EnumerateFiles(RepositoryRoot.Combine("Api"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => TableWrite().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Combine("Api"), l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(writes);
    }

    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE\s+[a-z_]+\s+SET|DELETE\s+FROM|TRUNCATE|COPY\s+[a-z_]+\s+FROM)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableWrite();
}
