using Faucet.Money;

namespace Faucet.Payouts;

/// <summary>What a settlement round asks to pay one player. The round has reserved <see cref="Amount"/> on the
/// player's reward account for <see cref="Round"/>; the payout commits or releases that reservation.</summary>
/// <param name="Source">The operator account that sends it, chosen when the intent is written and never changed: every
/// attempt goes out from it under the same id. Null only for payouts recorded before each payout had its own account;
/// those went out from the first configured account and keep doing so.</param>
[GenerateSerializer, Immutable, Alias("faucet.PayoutRequest")]
public sealed record PayoutRequest(
    [property: Id(0)] string UserId,
    [property: Id(1)] long Round,
    [property: Id(2)] BananoAddress Destination,
    [property: Id(3)] BanAmount Amount,
    [property: Id(4)] string Ledger,
    [property: Id(5)] BananoAddress? Source = null)
{
    /// <summary>One payout per player per round, so the id is derived, and a round that retries asks again for
    /// the same payout. <see cref="Ledger"/> (this database's identity) keeps ids unique for the node forever.</summary>
    public string PayoutId => IdFor(Ledger, Round, UserId);

    public static string IdFor(string ledger, long round, string userId) => $"{ledger}-r{round}-{userId}";
}
