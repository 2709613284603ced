using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Browser;

/// <summary>Where the browser tests leave what a person looks at afterwards: <c>Tests/artifacts</c> (not committed).</summary>
internal static class Artifacts
{
    public static string Screenshot(string name)
    {
        var folder = RepositoryRoot.Combine("Tests", "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
