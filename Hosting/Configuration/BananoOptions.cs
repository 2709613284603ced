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

    /// <summary>Seconds one call to the node may take before it is retried (sends with the same id).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The longest one call to the node takes, its retries included.</summary>
    public TimeSpan LongestCall => TimeSpan.FromSeconds(TimeoutSeconds * 4);

    /// <summary>The first source account: manual payouts go out from it, and so do payouts recorded before each
    /// payout had its own account. A simulated node with none configured pays from a stand-in (the all-zero key's
    /// address), since it moves nothing.</summary>
    public BananoAddress OperatorAccount => BananoAddress.Parse(SourceAccounts.FirstOrDefault() ?? SimulatedOperator);

    /// <summary>Every account rounds pay from, in the order configured (the stand-in alone when none is).</summary>
    public IReadOnlyList<BananoAddress> PayingAccounts =>
        SourceAccounts.Count == 0 ? [OperatorAccount] : SourceAccounts.Select(BananoAddress.Parse).ToList();

    /// <summary>The account a payout is sent from: its own, or the first for one recorded before payouts had one.</summary>
    public BananoAddress SourceOf(Payouts.PayoutRequest request) => request.Source ?? OperatorAccount;

    private const string SimulatedOperator = "ban_1111111111111111111111111111111111111111111111111111hifc8npp";

    /// <summary>Where players may donate BAN (one of the source accounts, or an address of its own); empty: no
    /// donations. Every transfer into it counts, except one from a source account.</summary>
    public string DonationAddress { get; set; } = "";

    /// <summary>How often the node is asked for new transfers into <see cref="DonationAddress"/>.</summary>
    public int DonationCheckSeconds { get; set; } = 60;

    /// <summary>What each source account of the simulated node starts with (mode: simulated only).</summary>
    public BanAmount SimulatedBalanceBan { get; set; } = BanAmount.Parse("1000000");

    public IEnumerable<(string Key, string Message)> Validate() => OptionChecks.Problems(
        NodeRpc.Length > 0 ? OptionChecks.HttpUrl("node_rpc", NodeRpc) : null,
        OptionChecks.Required("node_rpc", NodeRpc, Mode == IntegrationMode.Live, "when mode is live"),
        Mode == IntegrationMode.Live && SourceAccounts.Count == 0 ? ("source_accounts", "needs at least one account when mode is live") : null,
        OptionChecks.Between("timeout_seconds", TimeoutSeconds, 1, 300),
        DonationAddress.Length > 0 && !BananoAddress.TryParse(DonationAddress, out _, out var donationError) ? ("donation_address", donationError) : null,
        OptionChecks.Between("donation_check_seconds", DonationCheckSeconds, 1, 3600))
        .Concat(SourceAccounts
            .Select((account, i) => (Key: $"source_accounts[{i}]", Valid: BananoAddress.TryParse(account, out _, out var error), Error: error))
            .Where(a => !a.Valid)
            .Select(a => (a.Key, a.Error)))
        .Concat(SourceAccounts
            .Select((account, i) => (Key: $"source_accounts[{i}]", First: SourceAccounts.IndexOf(account)))
            .Where(a => a.First >= 0 && a.Key != $"source_accounts[{a.First}]")
            .Select(a => (a.Key, $"is source_accounts[{a.First}] again; list each account once")));
}
