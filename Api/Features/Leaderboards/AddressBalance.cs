using Faucet.Money;

namespace Faucet.Api.Features.Leaderboards;

/// <param name="TotalPaid">Every payout the node confirmed to this address, added up.</param>
/// <param name="Recent">The latest of them, newest first.</param>
public sealed record AddressBalance(string Address, BanAmount TotalPaid, long Payouts, IReadOnlyList<AddressPayout> Recent);
