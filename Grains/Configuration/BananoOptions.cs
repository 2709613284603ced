using Faucet.Money;

namespace Faucet.Configuration;

/// <summary>The Banano node (or Pippin) that pays, and the operator wallet it pays from.</summary>
public sealed class BananoOptions : IValidatedOptions
{
    public IntegrationMode Mode { get; set; } = IntegrationMode.Simulated;

    /// <summary>The node's JSON RPC endpoint, e.g. <c>http://127.0.0.1:7072</c>.</summary>
    public string NodeRpc { get; set; } = "";

    /// <summary>The node wallet that holds the operator's source accounts; whoever knows it can send.</summary>
    [Secret]
    public string WalletId { get; set; } = "";

    public List<string> SourceAccounts { get; set; } = [];

    /// <summary>Settlement rounds are skipped while the operator balance is below this floor.</summary>
    public BanAmount MinOperatorBalanceBan { get; set; } = BanAmount.Parse("50");

    public int TimeoutSeconds { get; set; } = 10;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (NodeRpc.Length > 0 && !OptionChecks.IsHttpUrl(NodeRpc))
        {
            yield return ("node_rpc", $"'{OptionChecks.MaskUrl(NodeRpc)}' is not an http(s) URL");
        }
        for (var i = 0; i < SourceAccounts.Count; i++)
        {
            var account = SourceAccounts[i];
            if (!account.StartsWith("ban_", StringComparison.Ordinal) || account.Length != 64)
            {
                yield return ($"source_accounts[{i}]", $"'{account}' is not a Banano address (ban_ and 60 characters)");
            }
        }
        if (Mode == IntegrationMode.Live && NodeRpc.Length == 0)
        {
            yield return ("node_rpc", "is required when mode is live");
        }
        if (Mode == IntegrationMode.Live && SourceAccounts.Count == 0)
        {
            yield return ("source_accounts", "needs at least one account when mode is live");
        }
        if (TimeoutSeconds is < 1 or > 300)
        {
            yield return ("timeout_seconds", $"must be from 1 to 300 (got {TimeoutSeconds})");
        }
    }
}
