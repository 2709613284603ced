namespace Faucet.Silo.Schema;

/// <summary>The schema scripts on disk: <c>orleans/*.sql</c> then <c>migrations/*.sql</c>, each sorted by name.</summary>
public sealed class SchemaScripts(string directory)
{
    private static readonly string[] Folders = ["orleans", "migrations"];

    public string Directory { get; } = directory;

    /// <summary>The scripts shipped next to the running binary (copied there from <c>deploy/sql</c> at build).</summary>
    public static SchemaScripts Bundled() => new(Path.Combine(AppContext.BaseDirectory, "sql"));

    public IReadOnlyList<SchemaScript> Load()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new SchemaMigrationException($"Schema folder '{Directory}' does not exist.");
        }

        return Folders
            .Select(folder => Path.Combine(Directory, folder))
            .Where(System.IO.Directory.Exists)
            .SelectMany(folder => System.IO.Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
            .Select(path => new SchemaScript(
                Path.GetRelativePath(Directory, path).Replace('\\', '/'),
                File.ReadAllText(path)))
            .ToList();
    }
}
