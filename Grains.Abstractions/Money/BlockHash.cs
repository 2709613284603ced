namespace Faucet.Money;

/// <summary>The hash of a block on the Banano ledger: 64 hexadecimal characters, kept upper-case.</summary>
[GenerateSerializer, Immutable, Alias("faucet.BlockHash")]
public readonly record struct BlockHash
{
    private BlockHash(string value) => Value = value;

    [Id(0)]
    public string Value { get; }

    public static bool TryParse(string? text, out BlockHash hash)
    {
        hash = default;
        if (text is not { Length: 64 } || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }
        hash = new BlockHash(text.ToUpperInvariant());
        return true;
    }

    public static BlockHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException($"'{text}' is not a block hash (64 hexadecimal characters)");

    public override string ToString() => Value;
}
