using Faucet.Tests.Infrastructure;

namespace Faucet.Tests.Configuration;

/// <summary>A temporary copy of the shipped <c>deploy/config</c> that a test may edit.</summary>
public sealed class ConfigFiles : IDisposable
{
    public ConfigFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "faucet-config-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(RepositoryRoot.Combine("deploy", "config")).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Directory { get; }

    /// <summary>Replaces the line that sets <paramref name="key"/> (at any indentation) with <paramref name="line"/>.</summary>
    public void SetLine(string file, string key, string line)
    {
        var path = Path.Combine(Directory, file);
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        if (index < 0)
        {
            throw new InvalidOperationException($"{file} has no line for {key}");
        }
        var indent = lines[index][..(lines[index].Length - lines[index].TrimStart().Length)];
        lines[index] = indent + line;
        File.WriteAllLines(path, lines);
    }

    /// <summary>Replaces text that occurs exactly once in the file.</summary>
    public void Replace(string file, string text, string replacement)
    {
        var path = Path.Combine(Directory, file);
        var content = File.ReadAllText(path);
        var at = content.IndexOf(text, StringComparison.Ordinal);
        if (at < 0 || content.IndexOf(text, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"{file} does not hold '{text}' exactly once");
        }
        File.WriteAllText(path, content[..at] + replacement + content[(at + text.Length)..]);
    }

    public void Append(string file, string text) => File.AppendAllText(Path.Combine(Directory, file), text);

    public void Delete(string file) => File.Delete(Path.Combine(Directory, file));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
