namespace Faucet.Configuration;

/// <summary>The operator credential that opens the dashboard and admin endpoints.</summary>
public sealed class OperatorOptions : IValidatedOptions
{
    [Secret]
    public string Token { get; set; } = "";

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Token.Length is > 0 and < 16)
        {
            yield return ("token", "must be at least 16 characters");
        }
    }
}
