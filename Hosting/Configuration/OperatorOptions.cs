using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>The operator credential that opens the dashboard and admin endpoints, and the rule for manual payouts.</summary>
public sealed class OperatorOptions : IValidatedOptions
{
    [Secret]
    public string Token { get; set; } = "";

    /// <summary>A manual payout of more than this many BAN waits for a second admin's approval.</summary>
    public BanAmount ManualPayoutApprovalBan { get; set; } = BanAmount.Parse("100");

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Token.Length is > 0 and < 16)
        {
            yield return ("token", "must be at least 16 characters");
        }
    }
}
