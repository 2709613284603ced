namespace Faucet.Configuration;

/// <summary>A token package for sale: whole tokens for a price in minor units (cents) of an ISO currency.</summary>
public sealed class TokenPackageOptions : IValidatedOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long Tokens { get; set; }
    public long PriceMinor { get; set; }
    public string Currency { get; set; } = "USD";

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Id.Length == 0 || !Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return ("id", $"'{Id}' must be lower-case letters, digits and '-'");
        }
        if (Name.Length == 0)
        {
            yield return ("name", "is required");
        }
        if (Tokens < 1)
        {
            yield return ("tokens", $"must be at least 1 (got {Tokens})");
        }
        if (PriceMinor < 1)
        {
            yield return ("price_minor", $"must be at least 1 (got {PriceMinor})");
        }
        if (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            yield return ("currency", $"'{Currency}' is not an ISO 4217 code such as USD");
        }
    }
}
