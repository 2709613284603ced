using Faucet.Money;

namespace Faucet.Integrations.Banano;

/// <summary>An account's confirmed balance, and what has been sent to it but not yet received into it.</summary>
public sealed record AccountBalance(BanAmount Balance, BanAmount Receivable);
