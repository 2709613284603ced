using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>A source account as operators see it.</summary>
/// <param name="Balance">What the account can send now; null when the node could not be asked (see <paramref name="Error"/>).</param>
/// <param name="Receivable">Sent to the account but not yet received into it: the node must receive these blocks
/// before the amount can be paid out.</param>
/// <param name="SendsInFlight">Sends under way from this account (one at most: an account sends one block at a time).</param>
/// <param name="Sent">Sends this account's grain has made since it was activated.</param>
[GenerateSerializer, Immutable, Alias("faucet.SourceAccountView")]
public sealed record SourceAccountView(
    [property: Id(0)] BananoAddress Address,
    [property: Id(1)] BanAmount? Balance,
    [property: Id(2)] BanAmount? Receivable,
    [property: Id(3)] int SendsInFlight,
    [property: Id(4)] long Sent,
    [property: Id(5)] string? Error);
