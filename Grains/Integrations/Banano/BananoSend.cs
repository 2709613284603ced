using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>One send from an operator account. <see cref="Id"/> makes it idempotent at the node: use the payout id.</summary>
public sealed record BananoSend(string WalletId, BananoAddress Source, BananoAddress Destination, BanAmount Amount, string Id);
