namespace Faucet.Configuration;

/// <summary>One thing wrong with the configuration: which file, which key (dotted path), and what.</summary>
public sealed record ConfigProblem(string File, string Key, string Message)
{
    public override string ToString() => Key.Length == 0 ? $"{File}: {Message}" : $"{File}: {Key}: {Message}";
}
