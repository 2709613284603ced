namespace Faucet.Configuration;

/// <summary>Options that can say what is wrong with their own values. Keys are relative to the section.</summary>
public interface IValidatedOptions
{
    IEnumerable<(string Key, string Message)> Validate();
}
