using Orleans.Concurrency;

namespace Faucet.Payouts;

/// <summary>
/// One of the operator's source accounts (key: its <c>ban_</c> address). An account's sends form a chain on the
/// node, each naming the block before it, so the account sends one payout at a time, whoever asks: a round, a
/// payout's retry or an operator's manual payout. Rounds keep every account busy at once.
/// </summary>
[Alias("faucet.IOperatorWalletGrain")]
public interface IOperatorWalletGrain : IGrainWithStringKey
{
    /// <summary>One attempt at a pending payout whose source is this account, after the ones before it.</summary>
    [Alias("Send")]
    Task<PayoutOutcome> SendAsync(PayoutView payout);

    /// <summary>The account's balance and receivable amount as the node has them now, and its send in flight.
    /// Answers while a send is under way.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<SourceAccountView> GetAsync();
}
